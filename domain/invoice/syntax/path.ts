/** Relative element paths (`cac:Party/cbc:Name`) over the tree, compiled once per path. */
import { intern } from '../../xml/names.ts';
import { is, type XmlElement } from '../../xml/tree.ts';

/**
 * One step of a path: an element name, its prefix resolved to a namespace. An object, not a
 * tuple: destructuring an array goes through its iterator, which V8 does not always optimise
 * away, and steps are compared for every element visited.
 */
export interface Step {
  readonly ns: string;
  readonly local: string;
}

/** Whether the element has the step's name. */
export const isStep = (el: XmlElement, step: Step): boolean => is(el, step.ns, step.local);

/** `prefix:local/prefix:local…` as steps, prefixes resolved through `namespaces` ('' when unbound). */
export function compilePath(path: string, namespaces: Readonly<Record<string, string>>): readonly Step[] {
  return path.split('/').map((step): Step => {
    const [prefix = '', local = ''] = step.split(':');
    return { ns: intern(namespaces[prefix] ?? ''), local: intern(local) };
  });
}

export interface PathSelector {
  /** The elements at `path` below any of `from`. */
  readonly select: (from: readonly XmlElement[], path: string) => XmlElement[];
  /** How many elements are at `path` below `el`. */
  readonly count: (el: XmlElement, path: string) => number;
}

/** A selector for the given prefix → namespace bindings. */
export function pathSelector(namespaces: Readonly<Record<string, string>>): PathSelector {
  const compiled = new Map<string, readonly Step[]>();
  const steps = (path: string): readonly Step[] => {
    let s = compiled.get(path);
    if (!s) {
      s = compilePath(path, namespaces);
      compiled.set(path, s);
    }
    return s;
  };
  const select = (from: readonly XmlElement[], path: string): XmlElement[] => {
    let nodes = from;
    for (const step of steps(path)) {
      const next: XmlElement[] = [];
      for (const n of nodes) for (const c of n.children) if (isStep(c, step)) next.push(c);
      nodes = next;
    }
    return nodes as XmlElement[];
  };
  const countFrom = (el: XmlElement, path: readonly Step[], at: number): number => {
    const step = path[at]!;
    let n = 0;
    for (const c of el.children) if (isStep(c, step)) n += at === path.length - 1 ? 1 : countFrom(c, path, at + 1);
    return n;
  };
  return { select, count: (el, path) => countFrom(el, steps(path), 0) };
}
