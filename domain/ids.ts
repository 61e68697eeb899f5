import { createHash } from 'node:crypto';

/**
 * Deterministic ids. An upload is named by its content; everything derived is named by
 * what it was derived from, so replaying the same inputs yields the same ids.
 */
const digest = (parts: readonly (string | Uint8Array)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) {
    // Length-prefix each part so ("ab","c") and ("a","bc") differ.
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${bytes.byteLength}:`);
    h.update(bytes);
  }
  return h.digest('hex');
};

/** sha256 of raw bytes, hex: the content address of a stored document. */
export const contentHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `<prefix>_<32 hex>`: 128 bits of sha256 over the parts. */
export const deriveId = (prefix: string, ...parts: (string | Uint8Array)[]): string =>
  `${prefix}_${digest([prefix, ...parts]).slice(0, 32)}`;
