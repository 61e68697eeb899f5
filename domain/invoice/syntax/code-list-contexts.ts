/**
 * The machinery of the BR-CL rules, which the official artefacts bind to element names
 * wherever the elements occur (a RegistrationAddress's country, a second Item's identifier):
 * they are checked on the XML, in one pass, each element against the first context of the
 * pattern it matches, as Schematron does. The contexts themselves are per syntax
 * (ubl-codes.ts, cii-codes.ts); the lists are the official artefacts' (rules/code-lists.ts).
 */
import type { Finding } from '../../finding.ts';
import { inList } from '../rules/xpath.ts';
import { pathOf, type Ancestors } from './walk.ts';
import { ByLocalName } from '../../xml/names.ts';
import type { XmlElement } from '../../xml/tree.ts';

export interface CodeListContext {
  readonly rule: string;
  readonly term: string;
  /** The context element: namespace and local names. */
  readonly ns: string;
  readonly names: readonly string[];
  /** The rest of the context pattern (parent, predicates). */
  readonly where?: (el: XmlElement, ancestors: Ancestors) => boolean;
  /** The coded value: the element's text or one of its attributes. */
  readonly read: (el: XmlElement) => string | undefined;
  readonly list: ReadonlySet<string>;
  /** The assert when it is not "one entry of the list, trimmed". */
  readonly accepts?: (value: string | undefined, el: XmlElement, ancestors: Ancestors) => boolean;
  /** What is coded, for the message. */
  readonly what: string;
}

export const text = (el: XmlElement): string => el.text;
export const attr =
  (name: string) =>
  (el: XmlElement): string | undefined =>
    el.attrs[name];

/** The VATEX test (BR-CL-22) compares the code upper-cased. */
export const inListUpperCased =
  (list: ReadonlySet<string>) =>
  (value: string | undefined): boolean =>
    inList(list, value?.toUpperCase());

/** `[@name]`: the context only reaches elements that carry the attribute. */
export const withAttr =
  (name: string) =>
  (el: XmlElement): boolean =>
    el.attrs[name] !== undefined;

/** A checker for one pattern: elements are matched by local name, then against each context in order. */
export function codeListChecker(contexts: readonly CodeListContext[]): (el: XmlElement, ancestors: Ancestors, out: Finding[]) => void {
  const lists = new Map<string, CodeListContext[]>();
  for (const c of contexts) for (const name of c.names) lists.set(name, [...(lists.get(name) ?? []), c]);
  const byName = new ByLocalName(lists);
  return (el, ancestors, out) => {
    const candidates = byName.get(el);
    if (!candidates) return;
    for (const c of candidates) {
      if (c.ns !== el.ns || (c.where && !c.where(el, ancestors))) continue;
      const value = c.read(el);
      const ok = c.accepts ? c.accepts(value, el, ancestors) : inList(c.list, value);
      if (!ok) {
        const message = `The ${c.what} (${c.term}) ${value === undefined ? 'is missing' : `"${value}" is not in its code list`}.`;
        out.push({ rule: c.rule, severity: 'fatal', term: c.term, location: pathOf(el, ancestors), message });
      }
      return;
    }
  };
}
