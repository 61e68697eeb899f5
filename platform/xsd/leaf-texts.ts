/**
 * The texts of a document's leaves and attributes, decoded together. A decoder call per text
 * costs more than the copy of its bytes: short texts (nearly all of an invoice's) are copied from
 * libxml2's memory into one buffer, decoded in one call, and each gets its slice of the result,
 * set as `key` of its target (a leaf's `text`, an attribute's value in its element's `attrs`).
 * This takes about a third off the tree read (tree.ts; BENCHMARKS.md). Long texts are left to
 * the caller.
 */

/** Texts up to this many bytes are gathered; longer ones are decoded on their own. */
const SHORT = 256;

export class LeafTexts {
  /**
   * The targets gathered, their keys, and where each one's text ends in the decoded string (in
   * UTF-16 code units), the first `count` of each. Kept from one document to the next, as
   * emptying an array frees its storage and refilling it allocates anew; the targets are let go
   * once decoded.
   */
  private readonly targets: (Record<string, string> | null)[] = [];
  private readonly keys: string[] = [];
  private readonly ends: number[] = [];
  private count = 0;
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private bytes = 0;
  private units = 0;
  private ascii = true;

  /** Forgets the texts gathered so far (a new document). */
  reset(): void {
    this.count = 0;
    this.bytes = 0;
    this.units = 0;
    this.ascii = true;
  }

  /**
   * Gathers the NUL-terminated UTF-8 text at `address` of `memory` for `target[key]`; false, and
   * nothing gathered, when it is longer than SHORT bytes.
   */
  add(target: Record<string, string>, key: string, memory: Uint8Array, address: number): boolean {
    if (this.bytes + SHORT > this.buffer.length) this.grow();
    const buffer = this.buffer;
    let n = this.bytes;
    let units = this.units;
    const end = address + SHORT;
    for (let p = address, b = memory[p]!; b !== 0; b = memory[++p]!) {
      if (p === end) return false;
      buffer[n++] = b;
      if (b < 0x80) units++;
      else {
        this.ascii = false;
        // One unit per character but for those beyond the BMP (4-byte sequences), which take two.
        if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
      }
    }
    this.bytes = n;
    this.units = units;
    this.targets[this.count] = target;
    this.keys[this.count] = key;
    this.ends[this.count++] = units;
    return true;
  }

  /** Sets the text of every target gathered since the reset. */
  decode(): void {
    if (this.count === 0) return;
    // latin1 is the same text for ASCII, and skips UTF-8's validation.
    const all = this.buffer.toString(this.ascii ? 'latin1' : 'utf8', 0, this.bytes);
    let from = 0;
    for (let k = 0; k < this.count; k++) {
      const to = this.ends[k]!;
      this.targets[k]![this.keys[k]!] = all.slice(from, to);
      this.targets[k] = null;
      from = to;
    }
  }

  private grow(): void {
    const larger = Buffer.allocUnsafe(this.buffer.length * 2);
    this.buffer.copy(larger, 0, 0, this.bytes);
    this.buffer = larger;
  }
}
