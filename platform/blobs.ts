/**
 * Content-addressed store for original documents and generated PES files: a blob's key is the
 * sha256 of its bytes, so storing the same bytes twice is a no-op and a key always means the
 * same content. The filesystem is the default; anything with put/get can replace it.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentHash } from '../domain/ids.ts';

export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Buffer>;
}

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  constructor(key: string) {
    super(`no blob ${key}`);
  }
}

const KEY = /^[0-9a-f]{64}$/;

export class FsBlobStore implements BlobStore {
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new BlobNotFoundError(key);
    return join(this.dir, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = contentHash(bytes);
    const path = this.path(key);
    const exists = await stat(path).then(
      (s) => s.size === bytes.byteLength,
      () => false,
    );
    if (exists) return key;
    await mkdir(join(path, '..'), { recursive: true });
    // Write then rename: a reader never sees a half-written blob, a crash leaves only a temp file.
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
    return key;
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
  }
}
