/**
 * The "not used" rules of the official artefacts, checked as data: each rule names an element
 * or attribute (a path below its context) that EN 16931 leaves out, and fires once per context
 * element under which it is there. The lists are in unused-element-lists.ts.
 *
 * Contexts are fixed paths below the root, except three CII ones given by name (`//`): those
 * are looked at when such an element is visited. Paths written `//…` hold anywhere in the
 * document (their context is the root). The fixed paths are compiled into a tree that the walk
 * follows element by element, so a visit costs a map lookup or two.
 */
import type { Finding } from '../../finding.ts';
import { compilePath, isStep, type Step } from './path.ts';
import { pathOf, type Ancestors } from './walk.ts';
import { ByLocalName, intern, keyOf, localKey, type LocalKey } from '../../xml/names.ts';
import { hasAttributes, type XmlElement } from '../../xml/tree.ts';

interface Rule {
  readonly rule: string;
  /** The path as the artefact writes it, for the message. */
  readonly written: string;
}

interface PathRule extends Rule {
  /** Depth of the context element below the root (0: the root). */
  readonly contextDepth: number;
}

/** A `//a/b/@c` rule: the names of the element and of its nearest ancestors, the element's last, and the attribute. */
interface AnywhereRule extends Rule {
  readonly steps: readonly Step[];
  readonly attribute: string | undefined;
}

/** A rule whose context is an element by name: the child path under it. */
interface NamedContextRule extends Rule {
  readonly path: readonly Step[];
  readonly attribute: string | undefined;
}

/** A fixed path below the root: the rules on an element there, on its attributes, and the paths further down. */
export interface PathNode {
  /** The namespace of the element the path ends with. */
  readonly ns: string;
  readonly rules: PathRule[];
  readonly attributes: Map<string, PathRule[]>;
  /** By local name (one lookup per visited element, by its number: names.ts), then namespace. */
  readonly children: Map<LocalKey, PathNode[]>;
}

const newNode = (ns: string): PathNode => ({ ns, rules: [], attributes: new Map(), children: new Map() });

/** What a lookup that finds no rule gives: one shared array, since a visit runs for every element. */
const NONE: readonly never[] = [];

/**
 * Checks one visited element of a document. `at` is the node of its path (from the node of its
 * parent's path, through `step`), undefined when no listed path goes there.
 */
export interface UnusedElementsCheck {
  /** The path node of the root. */
  readonly root: PathNode;
  readonly step: (parent: PathNode | undefined, el: XmlElement) => PathNode | undefined;
  readonly visit: (el: XmlElement, ancestors: Ancestors, at: PathNode | undefined, out: Finding[]) => void;
}

/**
 * Compiles a list once (prefixes resolved through `namespaces`); each call of the result starts
 * one document's check. `namedContext` tells which `//` context of the list an element is, if any.
 */
export function unusedElements(
  list: string,
  namespaces: Readonly<Record<string, string>>,
  namedContext: (el: XmlElement) => string | undefined = () => undefined,
): () => UnusedElementsCheck {
  const name = (qname: string): Step => compilePath(qname, namespaces)[0]!;
  const root = newNode('');
  /** `//…` rules by the element's local name, and those on an attribute by its name. */
  const anywhere = new Map<string, AnywhereRule[]>();
  const anywhereAttribute = new Map<string, AnywhereRule[]>();
  const named = new Map<string, NamedContextRule[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(intern(key), [...(map.get(key) ?? []), value]);

  let context: string[] = [];
  for (const line of list.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('@ ')) {
      const written = line.slice(2);
      context = written === '.' ? [] : written.startsWith('//') ? [written] : written.split('/');
      continue;
    }
    const [rule = '', written = ''] = line.split(' ');
    const [steps, attribute] = split(written.replace(/^\/\//, ''));
    if (written.startsWith('//')) {
      const last = steps.at(-1);
      const r: AnywhereRule = { rule, written, steps: steps.map(name), attribute };
      if (last !== undefined) add(anywhere, last.split(':')[1] ?? '', r);
      else add(anywhereAttribute, attribute ?? '', r);
    } else if (context[0]?.startsWith('//')) {
      add(named, context[0], { rule, written, path: steps.map(name), attribute });
    } else {
      for (const full of expand(steps)) {
        let node = root;
        for (const step of [...context, ...full]) {
          const { ns, local } = name(step);
          const key = localKey(local);
          let sameLocal = node.children.get(key);
          if (!sameLocal) node.children.set(key, (sameLocal = []));
          let next = sameLocal.find((n) => n.ns === ns);
          if (!next) sameLocal.push((next = newNode(ns)));
          node = next;
        }
        const r: PathRule = { rule, written, contextDepth: context.length };
        if (attribute === undefined) node.rules.push(r);
        else add(node.attributes, attribute, r);
      }
    }
  }

  const anywhereByName = new ByLocalName(anywhere);
  const step = (parent: PathNode | undefined, el: XmlElement): PathNode | undefined => {
    const sameLocal = parent?.children.get(keyOf(el));
    if (sameLocal) for (const n of sameLocal) if (n.ns === el.ns) return n;
    return undefined;
  };

  return () => {
    // A rule fires once per context element.
    const firedAt = new Map<XmlElement, Set<string>>();
    const fire = (r: Rule, at: XmlElement, atAncestors: Ancestors, out: Finding[]) => {
      let rules = firedAt.get(at);
      if (!rules) firedAt.set(at, (rules = new Set()));
      if (rules.has(r.rule)) return;
      rules.add(r.rule);
      out.push({ rule: r.rule, severity: 'warning', location: pathOf(at, atAncestors), message: `${r.written} is not used by EN 16931.` });
    };
    const inContext = (r: PathRule, el: XmlElement, ancestors: Ancestors, out: Finding[]) => {
      if (r.contextDepth === ancestors.length) fire(r, el, ancestors, out);
      else fire(r, ancestors[r.contextDepth]!, ancestors.slice(0, r.contextDepth), out);
    };
    // Written so that V8 allocates nothing here (the heap profile of checkDocument showed 15 KB
    // per invoice): an indexed loop over the rules on a path, and no `get(a) ?? NONE` loop inside
    // the loops over attributes, where the iterators were not optimised away.
    const visit = (el: XmlElement, ancestors: Ancestors, at: PathNode | undefined, out: Finding[]) => {
      const attributes = hasAttributes(el);
      if (at) {
        for (let k = 0; k < at.rules.length; k++) inContext(at.rules[k]!, el, ancestors, out);
        if (attributes && at.attributes.size > 0) {
          for (const a in el.attrs) {
            const rules = at.attributes.get(a);
            if (rules) for (const r of rules) inContext(r, el, ancestors, out);
          }
        }
      }
      const root = ancestors[0] ?? el;
      for (const r of anywhereByName.get(el) ?? NONE) if (matches(r, el, ancestors)) fire(r, root, [], out);
      if (attributes) {
        for (const a in el.attrs) {
          const rules = anywhereAttribute.get(a);
          if (rules) for (const r of rules) if (matches(r, el, ancestors)) fire(r, root, [], out);
        }
      }
      const key = namedContext(el);
      if (key) for (const r of named.get(key) ?? NONE) if (below(el, r.path, r.attribute)) fire(r, el, ancestors, out);
    };
    return { root, step, visit };
  };
}

/** `a/b/@c` → steps and attribute (internalized, as it is looked up on elements' attributes). */
function split(path: string): [string[], string | undefined] {
  const steps = path === '' ? [] : path.split('/');
  const last = steps.at(-1);
  return last?.startsWith('@') ? [steps.slice(0, -1), intern(last.slice(1))] : [steps, undefined];
}

/** `(a|b)/c` → `a/c`, `b/c`. */
function expand(steps: readonly string[]): string[][] {
  const [first, ...rest] = steps;
  if (first === undefined) return [[]];
  const options = first.startsWith('(') ? first.slice(1, -1).split('|') : [first];
  return options.map((o) => [o, ...rest]);
}

/** Whether the element (with the attribute, if any) and its nearest ancestors carry these names, the element's last. */
function matches(r: AnywhereRule, el: XmlElement, ancestors: Ancestors): boolean {
  if (r.attribute !== undefined && el.attrs[r.attribute] === undefined) return false;
  const n = r.steps.length;
  if (n === 0) return true;
  if (!isStep(el, r.steps[n - 1]!) || ancestors.length < n - 1) return false;
  for (let k = 2; k <= n; k++) if (!isStep(ancestors[ancestors.length - k + 1]!, r.steps[n - k]!)) return false;
  return true;
}

/** Whether a child path (and attribute) is there below the element, from step `at` of the path. */
function below(el: XmlElement, path: readonly Step[], attribute: string | undefined, at = 0): boolean {
  if (at === path.length) return attribute === undefined || el.attrs[attribute] !== undefined;
  for (const c of el.children) if (isStep(c, path[at]!) && below(c, path, attribute, at + 1)) return true;
  return false;
}
