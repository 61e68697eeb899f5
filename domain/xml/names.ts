/**
 * Element local names as small numbers, the same throughout the process, so that what the rules
 * do on an element is looked up by its number in an array rather than by its name in a Map: the
 * walks of the syntax rules make such a lookup for every element of every invoice, several each.
 * Tree readers number each element (XmlElement.localNumber). Documents choose their names, so the
 * numbering is bounded: a name first seen past the bound keeps number 0, and lookups of number 0
 * go by the name itself.
 */

const INTERNED = new Map<string, string>();

/**
 * A name as V8 keeps property names (internalized): names the rules compare, and keys of the
 * maps they look them up in, are then compared by pointer, not character by character. Tree
 * readers intern the names of documents, and the rules the names of their paths and lists.
 * Bounded, since documents choose their names.
 */
export function intern(s: string): string {
  const known = INTERNED.get(s);
  if (known !== undefined) return known;
  const own = Object.keys({ [s]: 0 })[0] ?? s;
  if (INTERNED.size < 10_000) INTERNED.set(own, own);
  return own;
}

const numbers = new Map<string, number>();
const BOUND = 65_536;

/** The number of a local name, given on first sight; 0 once the bound is reached. */
export function localNumber(local: string): number {
  let n = numbers.get(local);
  if (n === undefined) {
    if (numbers.size >= BOUND) return 0;
    n = numbers.size + 1;
    numbers.set(local, n);
  }
  return n;
}

/** What a lookup of an element of number 0 goes by. */
interface Named {
  readonly local: string;
  readonly localNumber: number;
}

/**
 * A Map key for a local name: its number, or the name itself past the bound. Where a table is
 * too sparse for an array (a tree of paths), a Map keyed so finds an element's entry faster than
 * one keyed by the text.
 */
export type LocalKey = number | string;
export const localKey = (local: string): LocalKey => localNumber(local) || local;
export const keyOf = (el: Named): LocalKey => el.localNumber || el.local;

/** Grows `array` up to index `n` with `fill`, keeping its elements packed (a far write would make it a dictionary). */
function reach<T>(array: T[], n: number, fill: T): void {
  while (array.length <= n) array.push(fill);
}

/** Values by local name, found by an element's number. */
export class ByLocalName<T> {
  private readonly byNumber: (T | undefined)[] = [];
  private readonly unnumbered = new Map<string, T>();

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [local, value] of entries) {
      const n = localNumber(local);
      if (n === 0) this.unnumbered.set(local, value);
      else {
        reach(this.byNumber, n, undefined);
        this.byNumber[n] = value;
      }
    }
  }

  /** The value set for the element's local name, if any. */
  get(el: Named): T | undefined {
    return el.localNumber === 0 ? this.unnumbered.get(el.local) : this.byNumber[el.localNumber];
  }
}

/** A property of local names (`endsWith('Amount')`…), computed once per name. */
export class PerLocalName<T extends NonNullable<unknown>> {
  private readonly byNumber: (T | undefined)[] = [];
  private readonly compute: (local: string) => T;
  constructor(compute: (local: string) => T) {
    this.compute = compute;
  }

  get(el: Named): T {
    const n = el.localNumber;
    if (n === 0) return this.compute(el.local);
    let value = this.byNumber[n];
    if (value === undefined) {
      value = this.compute(el.local);
      reach(this.byNumber, n, undefined);
      this.byNumber[n] = value;
    }
    return value;
  }
}
