/**
 * How the zod model maps to XML. The model's objects are elements, in XSD order (zod keeps
 * key order); its string leaves say what they are through a registry: an element whose value
 * sits in its `V` attribute (the PES convention), an attribute, an element's text, or a field
 * that is not written at all. The writer, the reader and the checks walk one compiled tree,
 * so the order and the types are stated once, in model.ts.
 */
import { z } from 'zod';
import type { SimpleType } from './simple-types.ts';

export interface LeafMeta {
  kind: 'value' | 'attribute' | 'text' | 'none';
  type: SimpleType;
}

const leaves = z.registry<LeafMeta>();

const leaf = (kind: LeafMeta['kind']) => (type: SimpleType) => z.string().register(leaves, { kind, type });
/** `<Name V="…"/>` */
export const value = leaf('value');
/** An attribute of the enclosing element. */
export const attribute = leaf('attribute');
/** The text content of the enclosing element. */
export const text = leaf('text');
/** Part of the model, never written (what the file cannot say but the checks need). */
export const notWritten = leaf('none');

export interface LeafNode {
  name: string;
  optional: boolean;
  leaf: LeafMeta;
}
export interface ElementNode {
  name: string;
  optional: boolean;
  repeated: boolean;
  children: TreeNode[];
}
export type TreeNode = LeafNode | ElementNode;

export const isLeaf = (n: TreeNode): n is LeafNode => 'leaf' in n;

/** Compiles a zod object schema of the model into the tree every walker uses. */
export function compileTree(name: string, schema: z.ZodObject): ElementNode {
  return { name, optional: false, repeated: false, children: compileChildren(schema) };
}

function compileChildren(schema: z.ZodObject): TreeNode[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    let s = field as z.ZodType;
    let optional = false;
    let repeated = false;
    if (s instanceof z.ZodOptional) {
      optional = true;
      s = s.unwrap() as z.ZodType;
    }
    if (s instanceof z.ZodArray) {
      repeated = true;
      s = s.element as z.ZodType;
    }
    if (s instanceof z.ZodObject) return { name, optional, repeated, children: compileChildren(s) };
    const meta = leaves.get(s);
    if (!meta || repeated) throw new Error(`model field ${name} is neither an element nor a registered leaf`);
    return { name, optional, leaf: meta };
  });
}

/** A model object seen by the generic walkers. */
export type Fields = Record<string, unknown>;

/** `parent/Name` or `parent/Name[i]` (1-based) for a repeated element; attributes as `@Name`; text is its element's. */
export const childPath = (parent: string, node: TreeNode, index?: number): string => {
  if (isLeaf(node) && node.leaf.kind === 'text') return parent;
  const step = isLeaf(node) && node.leaf.kind === 'attribute' ? `@${node.name}` : index === undefined ? node.name : `${node.name}[${index + 1}]`;
  return joinPath(parent, step);
};

/** `parent/step`, or `step` at the root. */
export const joinPath = (parent: string, step: string): string => (parent === '' ? step : `${parent}/${step}`);

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls `visit` for every leaf present in `value`, with its location; what is not shaped like the model is skipped. */
export function forEachLeaf(node: ElementNode, value: Fields, path: string, visit: (leaf: LeafNode, v: string, location: string) => void): void {
  for (const child of node.children) {
    const v = value[child.name];
    if (isLeaf(child)) {
      if (typeof v === 'string') visit(child, v, childPath(path, child));
    } else if (child.repeated) {
      if (Array.isArray(v)) v.forEach((item, i) => isFields(item) && forEachLeaf(child, item, childPath(path, child, i), visit));
    } else if (isFields(v)) {
      forEachLeaf(child, v, childPath(path, child), visit);
    }
  }
}

/** A copy of `value` with every leaf replaced by `map(leaf, v, location)`; what is not shaped like the model is kept as is. */
export function mapLeaves(node: ElementNode, value: Fields, path: string, map: (leaf: LeafNode, v: string, location: string) => string): Fields {
  const out: Fields = { ...value };
  for (const child of node.children) {
    const v = value[child.name];
    if (isLeaf(child)) {
      if (typeof v === 'string') out[child.name] = map(child, v, childPath(path, child));
    } else if (child.repeated) {
      if (Array.isArray(v)) out[child.name] = v.map((item: unknown, i) => (isFields(item) ? mapLeaves(child, item, childPath(path, child, i), map) : item));
    } else if (isFields(v)) {
      out[child.name] = mapLeaves(child, v, childPath(path, child), map);
    }
  }
  return out;
}
