/**
 * Writes a PES_Aller file: ISO-8859-1, root `n:PES_Aller` in the aller namespace, children
 * unqualified, values in `V` attributes, elements in XSD order (the model's), two-space
 * indentation. Text is first made Latin-1 (charset.ts), then checked (checks.ts); any fatal
 * finding and nothing is written. The same model always gives the same bytes.
 */
import iconv from 'iconv-lite';
import { isFatal, type Finding } from '../finding.ts';
import { toLatin1 } from './charset.ts';
import { checkPesAller, structureFindings } from './checks.ts';
import { PES_ALLER_NAMESPACE, PES_ALLER_TREE, type PesAller } from './model.ts';
import { fatal } from './report.ts';
import { isLeaf, mapLeaves, type ElementNode, type Fields, type LeafNode, type TreeNode } from './xml-tree.ts';

export class PesWriteError extends Error {
  readonly code = 'PES_INVALID';
  /** Every finding, fatal ones first. */
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    const fatals = findings.filter(isFatal);
    super(`the PES_Aller cannot be written: ${fatals.length} fatal finding(s), first: ${fatals[0]?.location ?? ''} ${fatals[0]?.message ?? ''}`.trim());
    this.findings = [...fatals, ...findings.filter((f) => !isFatal(f))];
  }
}

/**
 * The model as it will be written (text transliterated to Latin-1) and every finding about
 * it, warnings included: what `writePesAller` decides on.
 */
export function preparePesAller(pes: PesAller): { pes: PesAller; findings: Finding[] } {
  const structure = structureFindings(pes);
  if (structure.length > 0) return { pes, findings: structure };
  const charset: Finding[] = [];
  const latin1 = mapLeaves(PES_ALLER_TREE, pes, '', (leaf, v, location) => {
    if (leaf.leaf.kind !== 'value' && leaf.leaf.kind !== 'attribute') return v;
    const { value, refused } = toLatin1(v);
    if (refused.length === 0) return value;
    charset.push(fatal('PES-CHARSET', location, `${leaf.name}: ${refused.join(', ')} cannot be written in ISO-8859-1`));
    return v; // never written: the other checks see the value as given
  }) as PesAller;
  return { pes: latin1, findings: [...charset, ...checkPesAller(latin1)] };
}

/** The file's bytes; throws PesWriteError (code PES_INVALID) carrying the findings when any is fatal. */
export function writePesAller(pes: PesAller): Uint8Array {
  const prepared = preparePesAller(pes);
  if (prepared.findings.some(isFatal)) throw new PesWriteError(prepared.findings);
  const out: string[] = ['<?xml version="1.0" encoding="ISO-8859-1"?>\n'];
  writeElement(out, ROOT_PLAN, prepared.pes, 'n:PES_Aller', ` xmlns:n="${PES_ALLER_NAMESPACE}"`, '');
  return iconv.encode(out.join(''), 'latin1');
}

/** What an element writes where, worked out once per node of the tree. */
interface Plan {
  attributes: LeafNode[];
  text: LeafNode | undefined;
  content: { node: TreeNode; plan?: Plan }[];
}

function planOf(node: ElementNode): Plan {
  const leaves = node.children.filter(isLeaf);
  return {
    attributes: leaves.filter((l) => l.leaf.kind === 'attribute'),
    text: leaves.find((l) => l.leaf.kind === 'text'),
    content: node.children
      .filter((c) => !isLeaf(c) || c.leaf.kind === 'value')
      .map((c) => (isLeaf(c) ? { node: c } : { node: c, plan: planOf(c) })),
  };
}

const ROOT_PLAN = planOf(PES_ALLER_TREE);

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const NEEDS_ESCAPE = /[&<>"\t\n\r]/;
/** Escapes markup and the whitespace controls an XML parser would otherwise normalise to spaces. */
const escape = (v: string): string => (NEEDS_ESCAPE.test(v) ? v.replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c]!) : v);

function writeElement(out: string[], plan: Plan, value: Fields, tag: string, extra: string, indent: string): void {
  out.push(indent, '<', tag, extra);
  for (const a of plan.attributes) {
    const v = value[a.name];
    if (typeof v === 'string') out.push(' ', a.name, '="', escape(v), '"');
  }
  if (plan.text) {
    const text = value[plan.text.name];
    out.push('>', typeof text === 'string' ? escape(text) : '', '</', tag, '>\n');
    return;
  }
  const inner = indent + '  ';
  const start = out.length;
  out.push('>\n');
  for (const { node, plan: childPlan } of plan.content) {
    const v = value[node.name];
    if (v === undefined) continue;
    if (!childPlan) out.push(inner, '<', node.name, ' V="', escape(v as string), '"/>\n');
    else if (Array.isArray(v)) for (const item of v as Fields[]) writeElement(out, childPlan, item, node.name, '', inner);
    else writeElement(out, childPlan, v as Fields, node.name, '', inner);
  }
  if (out.length === start + 1) out[start] = '/>\n';
  else out.push(indent, '</', tag, '>\n');
}
