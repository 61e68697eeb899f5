/**
 * Random mutants for differential testing against the Schematron: where mutants.ts changes what
 * a person thought of, this changes what chance picks: a leaf's value (taken from another
 * document's element of the same name, now and then of any name, or bent: more decimals, another
 * sign, blanks, lower case), written as CDATA or split by a comment, an attribute added, removed
 * or changed, an element removed, repeated, or brought in from another document under a parent of
 * the same name. Seeded, so a run is reproduced by its seed; each mutant's name says
 * its edits. Edits are on the text, like mutants.ts's, and the result need not be schema-valid
 * (scripts/oracle/fuzz.ts keeps the valid ones).
 */
import { intake } from '../../domain/invoice/intake/index.ts';
import type { SchemaCatalog } from '../../domain/xml/xsd.ts';
import { elements, removeElement, repeatElement, type Element, type Sample } from './mutants.ts';

/** A mutant and the edits that made it, in order. */
export interface Fuzzed extends Sample {
  edits: string[];
}

/** mulberry32: a small seeded generator, so that a run can be repeated exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** Every element below the root, in document order. */
function descendants(root: Element): { el: Element; parent: Element }[] {
  const out: { el: Element; parent: Element }[] = [];
  const visit = (parent: Element): void => {
    for (const el of parent.children) {
      out.push({ el, parent });
      visit(el);
    }
  };
  visit(root);
  return out;
}

const isLeaf = (el: Element): boolean => el.children.length === 0 && el.openEnd !== el.end;
const ATTRIBUTE = /\s([\w.-]+)\s*=\s*("[^"]*"|'[^']*')/g;

/** What the corpus offers to edits: values by element name, attribute values by name, elements by parent name. */
interface Pools {
  values: Map<string, string[]>;
  attributes: Map<string, string[]>;
  /** `element name` → the attributes (name and value) such elements carry elsewhere. */
  attributesOf: Map<string, [string, string][]>;
  /** `parent name` → elements of other documents under such a parent, with the name of the sibling before them. */
  transplants: Map<string, { fragment: string; name: string; after: string | undefined }[]>;
}

function poolsOf(samples: readonly Sample[]): Pools {
  const pools: Pools = { values: new Map(), attributes: new Map(), attributesOf: new Map(), transplants: new Map() };
  const add = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key) ?? map.set(key, []).get(key)!;
    if (list.length < 200) list.push(value);
  };
  for (const { xml } of samples) {
    for (const { el, parent } of descendants(elements(xml))) {
      // Short values only: an embedded attachment, copied into thousands of mutants, would fill the memory.
      if (isLeaf(el) && el.closeStart - el.openEnd < 200) add(pools.values, el.name, xml.slice(el.openEnd, el.closeStart));
      for (const [, name, quoted] of xml.slice(el.start, el.openEnd).matchAll(ATTRIBUTE)) {
        if (name!.startsWith('xmlns')) continue;
        add(pools.attributes, name!, quoted!.slice(1, -1));
        add(pools.attributesOf, el.name, [name!, quoted!.slice(1, -1)]);
      }
      // Small enough to be worth moving: an attachment would only make the mutant large.
      if (el.end - el.start < 4000) {
        const i = parent.children.indexOf(el);
        add(pools.transplants, parent.name, { fragment: xml.slice(el.start, el.end), name: el.name, after: i > 0 ? parent.children[i - 1]!.name : undefined });
      }
    }
  }
  return pools;
}

/** A value bent the ways rules on numbers, booleans, codes and text care about. */
function bent(rnd: Random, value: string): string {
  const v = value.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(v)) {
    return pick(rnd, [
      () => (v.startsWith('-') ? v.slice(1) : `-${v}`),
      () => '0',
      () => '0.00',
      () => `${v}${v.includes('.') ? '' : '.'}1`,
      () => `${v}${v.includes('.') ? '' : '.'}005`,
      () => v.replace(/\.\d+$/, ''),
      // Other ways to write the same number: leading zeros, a bare point, no zero before it.
      () => v.replace(/^([+-]?)/, '$100'),
      () => (v.includes('.') ? v.replace(/0+$/, '') : `${v}.`),
      () => v.replace(/^([+-]?)0\./, '$1.'),
      () => `+${v}`,
      () => ` ${v} `,
      () => `${v}0000`,
    ])();
  }
  if (v === 'true' || v === 'false') return pick(rnd, ['1', '0', v === 'true' ? 'false' : 'true', ` ${v} `]);
  return pick(rnd, [() => '', () => ' ', () => v.toLowerCase(), () => ` ${v} `, () => `${v}X`, () => v.slice(0, 1)])();
}

type Edit = (xml: string, rnd: Random, pools: Pools) => { xml: string; edit: string } | undefined;

const EDITS: readonly Edit[] = [
  // A leaf's value, from another document or bent.
  (xml, rnd, pools) => {
    const leaves = descendants(elements(xml)).filter((d) => isLeaf(d.el));
    if (leaves.length === 0) return undefined;
    const { el } = pick(rnd, leaves);
    const current = xml.slice(el.openEnd, el.closeStart);
    const others = (pools.values.get(el.name) ?? []).filter((v) => v !== current);
    const roll = rnd();
    // Mostly a value of the same element elsewhere; now and then any element's (a code of another list, a date for a text).
    const value = roll < 0.15 ? pick(rnd, pick(rnd, [...pools.values.values()])) : others.length > 0 && roll < 0.6 ? pick(rnd, others) : bent(rnd, current);
    if (value === current) return undefined;
    return { xml: xml.slice(0, el.openEnd) + value + xml.slice(el.closeStart), edit: `${el.name}=${JSON.stringify(value.slice(0, 40))}` };
  },
  // A leaf's text written another way, the same to XPath: as CDATA, or split by a comment.
  (xml, rnd) => {
    const leaves = descendants(elements(xml)).filter((d) => isLeaf(d.el) && d.el.closeStart - d.el.openEnd > 1 && !/[&<]/.test(xml.slice(d.el.openEnd, d.el.closeStart)));
    if (leaves.length === 0) return undefined;
    const { el } = pick(rnd, leaves);
    const text = xml.slice(el.openEnd, el.closeStart);
    const cdata = rnd() < 0.5;
    const written = cdata ? `<![CDATA[${text}]]>` : `${text.slice(0, 1)}<!-- -->${text.slice(1)}`;
    return { xml: xml.slice(0, el.openEnd) + written + xml.slice(el.closeStart), edit: `${el.name} ${cdata ? 'as CDATA' : 'split by a comment'}` };
  },
  // An attribute added: one such elements carry elsewhere, now and then any attribute.
  (xml, rnd, pools) => {
    const { el } = pick(rnd, descendants(elements(xml)));
    const tag = xml.slice(el.start, el.openEnd);
    const own = pools.attributesOf.get(el.name) ?? [];
    const [name, value] = own.length > 0 && rnd() < 0.7 ? pick(rnd, own) : ((n: string) => [n, pick(rnd, pools.attributes.get(n)!)] as const)(pick(rnd, [...pools.attributes.keys()]));
    if (new RegExp(`\\s${name.replace('.', '\\.')}\\s*=`).test(tag)) return undefined;
    const at = el.openEnd - (tag.endsWith('/>') ? 2 : 1);
    return { xml: `${xml.slice(0, at)} ${name}="${value}"${xml.slice(at)}`, edit: `${el.name}@+${name}=${JSON.stringify(value)}` };
  },
  // An attribute removed, or given another document's value.
  (xml, rnd, pools) => {
    const withAttributes = descendants(elements(xml)).filter(({ el }) => /\s(?!xmlns)[\w.-]+\s*=/.test(xml.slice(el.start, el.openEnd)));
    if (withAttributes.length === 0) return undefined;
    const { el } = pick(rnd, withAttributes);
    const tag = xml.slice(el.start, el.openEnd);
    const found = [...tag.matchAll(ATTRIBUTE)].filter((m) => !m[1]!.startsWith('xmlns'));
    const m = pick(rnd, found);
    const name = m[1]!;
    const others = (pools.attributes.get(name) ?? []).filter((v) => v !== m[2]!.slice(1, -1));
    const value = others.length > 0 && rnd() < 0.7 ? pick(rnd, others) : undefined;
    const replaced = value === undefined ? '' : ` ${name}="${value}"`;
    const at = el.start + m.index;
    return { xml: xml.slice(0, at) + replaced + xml.slice(at + m[0].length), edit: `${el.name}@${name}=${value === undefined ? '(removed)' : JSON.stringify(value)}` };
  },
  // An element removed.
  (xml, rnd) => {
    const { el } = pick(rnd, descendants(elements(xml)));
    return { xml: removeElement(xml, el), edit: `-${el.name}` };
  },
  // An element repeated right after itself.
  (xml, rnd) => {
    const { el } = pick(rnd, descendants(elements(xml)));
    return { xml: repeatElement(xml, el), edit: `+${el.name}` };
  },
  // Another document's element, under a parent of the same name, after the sibling it followed there.
  (xml, rnd, pools) => {
    const all = [elements(xml), ...descendants(elements(xml)).map((d) => d.el)].filter((el) => pools.transplants.has(el.name) && el.openEnd !== el.end);
    if (all.length === 0) return undefined;
    const parent = pick(rnd, all);
    const t = pick(rnd, pools.transplants.get(parent.name)!);
    const same = parent.children.filter((c) => c.name === t.name).at(-1);
    const before = t.after === undefined ? undefined : parent.children.filter((c) => c.name === t.after).at(-1);
    const at = (same ?? before)?.end ?? (t.after === undefined ? parent.openEnd : undefined);
    if (at === undefined) return undefined;
    return { xml: xml.slice(0, at) + t.fragment + xml.slice(at), edit: `${parent.name}/+${t.name}(from another document)` };
  },
];

/**
 * `count` mutants of `samples`, each with one to three edits. The same samples, count and seed
 * give the same mutants.
 */
export function fuzzedOf(samples: readonly Sample[], count: number, seed: number): Fuzzed[] {
  const rnd = random(seed);
  const pools = new Map((['ubl', 'cii'] as const).map((syntax) => [syntax, poolsOf(samples.filter((s) => s.syntax === syntax))]));
  const out: Fuzzed[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 20; attempts += 1) {
    const sample = pick(rnd, samples);
    const edits: string[] = [];
    let xml = sample.xml;
    const wanted = 1 + Math.floor(rnd() * 3);
    for (let tries = 0; edits.length < wanted && tries < 10; tries += 1) {
      const done = pick(rnd, EDITS)(xml, rnd, pools.get(sample.syntax)!);
      if (!done) continue;
      xml = done.xml;
      edits.push(done.edit);
    }
    if (edits.length === 0) continue;
    out.push({ name: `${sample.name.replace(/\.xml$/i, '')}~fuzz-${seed}-${out.length}.xml`, syntax: sample.syntax, xml, edits });
  }
  return out;
}

/**
 * The XML and syntax of a document intake accepts (UBL, CII, the XML of a Factur-X PDF) that its
 * schema accepts too, or undefined: what the validator would hand to the business rules.
 */
export function schemaValid(catalog: SchemaCatalog, bytes: Uint8Array): { xml: string; syntax: 'ubl' | 'cii' } | undefined {
  const doc = intake(bytes, {});
  if (!doc.ok) return undefined;
  return catalog.validator(doc.schema).validate(doc.xmlBytes).some((f) => f.level !== 'warning') ? undefined : { xml: doc.xml, syntax: doc.syntax };
}
