/**
 * A document as the invoice readers and rules walk it: a namespace-resolved element tree. The
 * XSD stage's parser builds it (platform/xsd), so that every document is parsed once.
 */

export interface XmlElement {
  /** Namespace URI ('' when none). */
  readonly ns: string;
  readonly local: string;
  /** `local` as a number (names.ts localNumber), for lookups by name in arrays. */
  readonly localNumber: number;
  /** Unprefixed attributes (the ones the syntaxes use: currencyID, schemeID, unitCode…). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** A leaf's character data (CDATA included), references resolved; '' for an element with children. */
  readonly text: string;
}

/** The attributes of every element that has none: most have none, and need no look. */
export const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/** Whether the element has any (unprefixed) attribute. */
export const hasAttributes = (el: XmlElement): boolean => el.attrs !== NO_ATTRS;

/** Whether the element is `local` in namespace `ns`. */
export const is = (el: XmlElement | undefined, ns: string, local: string): boolean => el !== undefined && el.local === local && el.ns === ns;

/** First child with this namespace and local name. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (is(c, ns, local)) return c;
  return undefined;
}

/**
 * The first `ns:local` child of any `groupNs:group` child, in document order, as the XPath step
 * `group/local` finds it: when the group repeats, not only in the first of them.
 */
export function grandchild(el: XmlElement | undefined, groupNs: string, group: string, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const g of el.children) {
    if (!is(g, groupNs, group)) continue;
    const found = child(g, ns, local);
    if (found) return found;
  }
  return undefined;
}

/** All children with this namespace and local name, in document order. */
export function children(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!el) return out;
  for (const c of el.children) if (is(c, ns, local)) out.push(c);
  return out;
}
