/**
 * An original document as a PES_PJ entry, and back. The DGFiP wants the file gzip-compressed
 * then base64-encoded (TPES_PJ/Contenu/Fichier); the gzip header is written here, with mtime
 * 0 and no name, so the same bytes always give the same Fichier whatever the platform.
 * Decoding is bounded: a small Fichier cannot inflate into an unbounded buffer.
 */
import { crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import { deriveId } from '../ids.ts';
import { toLatin1 } from './charset.ts';
import type { PJ } from './model.ts';
import { alphanum, gzipBase64, texte } from './simple-types.ts';

export type PjErrorCode = 'PJ_INVALID' | 'PJ_NOT_GZIP' | 'PJ_TOO_LARGE';

export class PjError extends Error {
  readonly code: PjErrorCode;
  constructor(code: PjErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** TypePJ 003: a dépense document. */
export const TYPE_PJ_DEPENSE = '003';

/** Above this, decoding a PJ stops (64 MiB; the intake caps an attachment at 10 MB). */
export const DEFAULT_MAX_PJ_BYTES = 64 * 1024 * 1024;

const MEDIA_TYPES: readonly { type: string; extension: string; sniff: (b: Uint8Array) => boolean }[] = [
  { type: 'application/pdf', extension: 'pdf', sniff: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  { type: 'image/png', extension: 'png', sniff: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47]) },
  { type: 'image/jpeg', extension: 'jpg', sniff: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/tiff', extension: 'tif', sniff: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0]) || startsWith(b, [0x4d, 0x4d, 0, 0x2a]) },
  { type: 'application/zip', extension: 'zip', sniff: (b) => startsWith(b, [0x50, 0x4b, 3, 4]) },
  // An XML document, possibly after a byte order mark and white space.
  { type: 'application/xml', extension: 'xml', sniff: (b) => /^(\uFEFF|\u00EF\u00BB\u00BF)?\s*</.test(Buffer.from(b.subarray(0, 64)).toString('latin1')) },
];
const OCTET_STREAM = { type: 'application/octet-stream', extension: 'bin' };

const startsWith = (b: Uint8Array, prefix: readonly number[]): boolean => prefix.every((byte, i) => b[i] === byte);

/** The media type of a document from its first bytes (PDF, XML, PNG, JPEG, TIFF, ZIP), else application/octet-stream. */
export const sniffMediaType = (bytes: Uint8Array): string => (MEDIA_TYPES.find((m) => m.sniff(bytes)) ?? OCTET_STREAM).type;

/**
 * A NomPJ from a file name: the last path segment, in Latin-1 (other characters become `_`),
 * with an extension (from the media type when it lacks one of 2–4 letters or digits), cut to
 * 100 characters keeping the extension.
 */
export function nomPJFor(fileName: string, mediaType: string): string {
  const base = fileName.split(/[\\/]/).pop()!.trim();
  const cleaned = [...base.normalize('NFC')]
    .map((c) => {
      if (/[\t\n\r]/.test(c)) return ' ';
      const latin1 = toLatin1(c);
      return latin1.refused.length > 0 ? '_' : latin1.value;
    })
    .join('');
  const known = (MEDIA_TYPES.find((m) => m.type === mediaType) ?? OCTET_STREAM).extension;
  const m = /^(.*)\.([A-Za-z0-9]{2,4})$/.exec(cleaned);
  const stem = (m ? m[1]! : cleaned) || 'document';
  const extension = m ? m[2]! : known;
  return `${stem.slice(0, 100 - extension.length - 1)}.${extension}`;
}

/** base64(gzip(bytes)) with a fixed header: no mtime, no name, OS unknown. */
export function gzipBase64Of(bytes: Uint8Array): string {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(bytes), 0);
  trailer.writeUInt32LE(bytes.byteLength % 2 ** 32, 4);
  return Buffer.concat([header, deflateRawSync(bytes), trailer]).toString('base64');
}

/** An IdUnique for a collectivité's PJ: its SIRET and 32 hex digits derived from `parts` (46 alphanumerics). */
export const deriveIdUnique = (idColl: string, ...parts: string[]): string => `${idColl}${deriveId('pj', idColl, ...parts).slice('pj_'.length)}`;

export interface PjSource {
  /** The original document, as received. */
  bytes: Uint8Array;
  /** Unique for the collectivité, for ever (Hélios rejects a reused one): alphanumeric, at most 50. */
  idUnique: string;
  /** The original's file name; see nomPJFor. */
  fileName: string;
  /** Required by the XSD, at most 250 characters, e.g. "Facture F-2026-001 ACME". */
  description: string;
  /** Sniffed from the bytes when not given. */
  mediaType?: string;
  /** 003 (dépense) when not given. */
  typePJ?: string;
}

/** The PES_PJ entry for an original document; throws PjError PJ_INVALID on an empty file or a bad IdUnique. */
export function buildPj(source: PjSource): PJ {
  if (source.bytes.byteLength === 0) throw new PjError('PJ_INVALID', 'an empty file is rejected as a PJ');
  const idProblem = alphanum(50).problem(source.idUnique);
  if (idProblem) throw new PjError('PJ_INVALID', `IdUnique "${source.idUnique}": ${idProblem}`);
  const descriptionProblem = texte(250).problem(source.description);
  if (descriptionProblem) throw new PjError('PJ_INVALID', `Description: ${descriptionProblem}`);
  const mediaType = source.mediaType ?? sniffMediaType(source.bytes);
  return {
    Contenu: { Fichier: { MIMEType: mediaType, content: gzipBase64Of(source.bytes) } },
    IdUnique: source.idUnique,
    NomPJ: nomPJFor(source.fileName, mediaType),
    TypePJ: source.typePJ ?? TYPE_PJ_DEPENSE,
    Description: source.description,
  };
}

/** The original bytes of a PJ; throws PjError PJ_NOT_GZIP or PJ_TOO_LARGE (above `maxBytes`). */
export function pjContent(pj: PJ, maxBytes: number = DEFAULT_MAX_PJ_BYTES): Uint8Array {
  const content = pj.Contenu.Fichier.content;
  const problem = gzipBase64.problem(content);
  if (problem) throw new PjError('PJ_NOT_GZIP', `PJ ${pj.IdUnique}: Fichier is ${problem}`);
  try {
    return gunzipSync(Buffer.from(content, 'base64'), { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PjError('PJ_TOO_LARGE', `PJ ${pj.IdUnique} inflates beyond ${maxBytes} bytes`);
    throw new PjError('PJ_NOT_GZIP', `PJ ${pj.IdUnique}: Fichier does not inflate: ${(err as Error).message}`);
  }
}
