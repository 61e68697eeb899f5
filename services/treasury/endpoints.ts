/**
 * Where a PES file goes for a treasury post. A delivery must be safe to repeat: the same
 * (NomFic, bytes) delivered twice is one flow at the treasury.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PermanentError } from '../../platform/kafka/runner.ts';

export interface PesFile {
  nomFic: string;
  codCol: string;
  idPost: string;
  bytes: Uint8Array;
}

export interface Delivery {
  /** Where the file now is, for operators (a path, or the platform's transaction id). */
  location: string;
  /** True when the endpoint already had this exact flow (a repeated delivery). */
  already: boolean;
}

export interface Endpoint {
  readonly name: string;
  deliver(file: PesFile): Promise<Delivery>;
}

export class DeliveryConflictError extends PermanentError {
  constructor(location: string) {
    super('DELIVERY_CONFLICT', `${location} already holds a different file with the same NomFic: refusing to overwrite a flow the treasury may have taken`);
  }
}

const SAFE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Drops files into `<root>/<IdPost>/<NomFic>.xml`, atomically (temp file then rename). */
export class DirectoryEndpoint implements Endpoint {
  readonly name: string;
  private readonly root: string;
  constructor(root: string) {
    this.root = root;
    this.name = `dir:${root}`;
  }

  async deliver(file: PesFile): Promise<Delivery> {
    if (!SAFE_NAME.test(file.nomFic) || !SAFE_NAME.test(file.idPost)) throw new Error(`unsafe NomFic or IdPost for a file name: ${file.idPost}/${file.nomFic}`);
    const dir = join(this.root, file.idPost);
    const location = join(dir, file.nomFic.endsWith('.xml') ? file.nomFic : `${file.nomFic}.xml`);
    const existing = await readFile(location).catch(() => undefined);
    if (existing) {
      if (Buffer.compare(existing, file.bytes) === 0) return { location, already: true };
      throw new DeliveryConflictError(location);
    }
    await mkdir(dir, { recursive: true });
    const tmp = `${location}.${process.pid}.tmp`;
    await writeFile(tmp, file.bytes, { flush: true });
    await rename(tmp, location);
    return { location, already: false };
  }
}

/** The platform refused the file for a reason retrying will not change. */
export class DeliveryRefusedError extends PermanentError {
  readonly status: number;
  constructor(status: number, body: string) {
    super('DELIVERY_REFUSED', `the transmission platform refused the file (HTTP ${status}): ${body.slice(0, 500)}`);
    this.status = status;
  }
}

/**
 * Uploads to a transmission platform (the role S²LOW or FAST play for Hélios). The platform
 * identifies a flow by (NomFic, CodCol) and answers 409 to a second upload of the same flow:
 * that answer means the first one got through, so it counts as delivered.
 */
export class HttpEndpoint implements Endpoint {
  readonly name: string;
  private readonly url: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  constructor(opts: { url: string; token?: string; timeoutMs: number }) {
    this.url = opts.url;
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs;
    this.name = `http:${new URL(opts.url).origin}`;
  }

  async deliver(file: PesFile): Promise<Delivery> {
    const res = await fetch(this.url, {
      method: 'POST',
      body: file.bytes,
      headers: {
        'content-type': 'application/xml; charset=ISO-8859-1',
        'x-nomfic': file.nomFic,
        'x-codcol': file.codCol,
        'x-idpost': file.idPost,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = await res.text();
    if (res.status === 409) return { location: `${this.url}#${file.nomFic}`, already: true };
    if (res.ok) {
      const id = (JSON.parse(body || '{}') as { id?: string }).id;
      return { location: id ? `${this.url}#${id}` : `${this.url}#${file.nomFic}`, already: false };
    }
    // 5xx, 408 and 429 are the platform's trouble: retried. Other 4xx are about the file.
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error(`transmission platform answered HTTP ${res.status}: ${body.slice(0, 200)}`);
    throw new DeliveryRefusedError(res.status, body);
  }
}
