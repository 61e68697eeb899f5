/**
 * Everything checked before a PES_Aller is written: its shape (required elements, at least
 * one bordereau, pièce and line), every value against its DGFiP simple type or code list,
 * then the business rules the XSD documentation states (totals, payment mode and bank
 * account, natural persons, nomenclature, PJ references…). Each breach is a Finding located
 * at its PES path (see report.ts); fatal ones make the writer refuse the file.
 */
import type { z } from 'zod';
import type { Finding } from '../finding.ts';
import { bordereauRules } from './checks-bordereau.ts';
import { fileRules } from './checks-file.ts';
import { nomenclatureRules } from './checks-nomenclature.ts';
import { pjRules } from './checks-pj.ts';
import { tiersRules } from './checks-tiers.ts';
import { PES_ALLER_TREE, PesAller } from './model.ts';
import { fatal } from './report.ts';
import { childPath, forEachLeaf, isLeaf, type TreeNode } from './xml-tree.ts';

/** A zod issue path (`['PES_DepenseAller', 'Bordereau', 0, …]`) as a PES location. */
function locationOf(path: readonly PropertyKey[]): string {
  let location = '';
  let node: TreeNode = PES_ALLER_TREE;
  for (let i = 0; i < path.length; i++) {
    const child: TreeNode | undefined = isLeaf(node) ? undefined : node.children.find((c) => c.name === path[i]);
    if (!child) return [location, ...path.slice(i).map(String)].filter(Boolean).join('/');
    const index = !isLeaf(child) && child.repeated && typeof path[i + 1] === 'number' ? (path[++i] as number) : undefined;
    location = childPath(location, child, index);
    node = child;
  }
  return location;
}

const describeIssue = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'required, missing';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'at least one required';
  return issue.message;
};

/** The model's shape: what zod says about it, located. */
export function structureFindings(pes: unknown): Finding[] {
  const result = PesAller.safeParse(pes);
  return result.success ? [] : result.error.issues.map((issue) => fatal('PES-STRUCTURE', locationOf(issue.path), describeIssue(issue)));
}

const shown = (v: string): string => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** Every value against its simple type or code list. */
function typeFindings(pes: PesAller): Finding[] {
  const findings: Finding[] = [];
  forEachLeaf(PES_ALLER_TREE, pes, '', (leaf, v, location) => {
    const problem = leaf.leaf.type.problem(v);
    if (problem) findings.push(fatal(leaf.leaf.type.rule, location, `${leaf.name} "${shown(v)}": ${problem} (${leaf.leaf.type.name})`));
  });
  return findings;
}

/** All findings about a model; business rules run only on a well-shaped model. */
export function checkPesAller(pes: PesAller): Finding[] {
  const structure = structureFindings(pes);
  if (structure.length > 0) return structure;
  return [...typeFindings(pes), ...fileRules(pes), ...bordereauRules(pes), ...tiersRules(pes), ...nomenclatureRules(pes), ...pjRules(pes)];
}
