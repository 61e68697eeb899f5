/**
 * One pass over the element tree for the rules whose contexts are element names wherever they
 * occur (code lists, syntax rules): each element is seen once, with its ancestors.
 */
import { CONVENTIONAL_PREFIXES } from './prefixes.ts';
import { is, type XmlElement } from '../../xml/tree.ts';

/** Ancestors of the element being visited, the root first and the parent last. */
export type Ancestors = readonly XmlElement[];

export function walk(root: XmlElement, visit: (el: XmlElement, ancestors: Ancestors) => void): void {
  // Depth first, without recursion: however deep a document nests, the call stack does not.
  const stack: XmlElement[] = [];
  const next: number[] = [];
  visit(root, stack);
  stack.push(root);
  next.push(0);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const el = stack[top]!;
    const i = next[top]!;
    if (i === el.children.length) {
      stack.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const c = el.children[i]!;
    visit(c, stack);
    stack.push(c);
    next.push(0);
  }
}

export const parentOf = (ancestors: Ancestors): XmlElement | undefined => ancestors[ancestors.length - 1];

/** The element's name with its syntax's conventional prefix (`cbc:ID`), whatever the document wrote. */
export function qualifiedName(el: XmlElement): string {
  const prefix = CONVENTIONAL_PREFIXES[el.ns];
  return prefix === undefined ? el.local : `${prefix}:${el.local}`;
}

/** XPath-like path of a visited element, positions given where a name repeats among siblings. */
export function pathOf(el: XmlElement, ancestors: Ancestors): string {
  let path = '';
  const chain = [...ancestors, el];
  chain.forEach((node, i) => {
    path += `/${qualifiedName(node)}`;
    const parent = chain[i - 1];
    if (!parent) return;
    const same = parent.children.filter((c) => is(c, node.ns, node.local));
    if (same.length > 1) path += `[${same.indexOf(node) + 1}]`;
  });
  return path;
}
