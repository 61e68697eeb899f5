/**
 * Reads a PES_Aller file into the model. Decodes per the XML declaration (ISO-8859-1 in every
 * real file, UTF-8 when undeclared), refuses a DOCTYPE, finds the root by namespace whatever
 * its prefix, and maps elements by name through the model's tree. Whatever the model does
 * not keep (signatures, other domains, unknown elements or attributes) is reported as a
 * warning with its location, never dropped silently. Values are not checked here: that is
 * checkPesAller's job. A file that cannot become a model throws PesReadError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { isFatal, type Finding } from '../finding.ts';
import { structureFindings } from './checks.ts';
import { PES_ALLER_NAMESPACE, PES_ALLER_TREE, type PesAller } from './model.ts';
import { fatal, warning } from './report.ts';
import { childPath, isLeaf, joinPath, type ElementNode, type Fields, type LeafNode, type TreeNode } from './xml-tree.ts';

export class PesReadError extends Error {
  readonly code = 'PES_UNREADABLE';
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    const first = findings.find(isFatal);
    super(`not a readable PES_Aller: ${first?.location ? `${first.location}: ` : ''}${first?.message ?? ''}`);
    this.findings = findings;
  }
}

const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

function decode(bytes: Uint8Array): { text: string; findings: Finding[] } {
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const encoding = (declared ?? 'UTF-8').toUpperCase();
  if (encoding === 'UTF-8' || encoding === 'UTF8') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), findings: [] };
    } catch {
      throw new PesReadError([fatal('PES-ENCODING', undefined, `the file is not valid UTF-8${declared ? '' : ' (no encoding declared, so UTF-8 applies)'}`)]);
    }
  }
  if (utf8Bom || !iconv.encodingExists(encoding)) {
    throw new PesReadError([fatal('PES-ENCODING', undefined, `encoding ${declared ?? ''}${utf8Bom ? ' with a UTF-8 byte order mark' : ' is not supported'}`)]);
  }
  const text = iconv.decode(Buffer.from(bytes), encoding);
  const findings = /Ã[\u0080-\u00BF]/.test(text)
    ? [warning('PES-ENCODING', undefined, `declared ${declared ?? ''} but contains what looks like UTF-8 read as Latin-1 (e.g. "Ã©")`)]
    : [];
  return { text, findings };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML attribute-value normalisation (literal whitespace controls become spaces), then references. */
function decodeValue(raw: string, attribute: boolean): string {
  const normalised = attribute ? raw.replace(/[\t\n\r]/g, ' ') : raw;
  if (!normalised.includes('&')) return normalised;
  return normalised.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) =>
    ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : ENTITIES[ref]!,
  );
}

/** fast-xml-parser's preserveOrder shape: `{ [tag]: children, ':@'?: attributes }` or `{ '#text': … }`. */
type XmlNode = Record<string, unknown>;
const META = XMLParser.getMetaDataSymbol();

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
});

/** A model element's children by how they appear in XML, worked out once per node. */
interface Lookup {
  elements: Map<string, TreeNode>;
  attributes: Set<string>;
  text: LeafNode | undefined;
}
const lookups = new WeakMap<ElementNode, Lookup>();
function lookupOf(plan: ElementNode): Lookup {
  let l = lookups.get(plan);
  if (!l) {
    const leaves = plan.children.filter(isLeaf);
    l = {
      elements: new Map(plan.children.filter((c) => !isLeaf(c) || c.leaf.kind === 'value').map((c) => [c.name, c])),
      attributes: new Set(leaves.filter((c) => c.leaf.kind === 'attribute').map((c) => c.name)),
      text: leaves.find((c) => c.leaf.kind === 'text'),
    };
    lookups.set(plan, l);
  }
  return l;
}

const tagOf = (n: XmlNode): string | undefined => Object.keys(n).find((k) => k !== ':@');
const attributesOf = (n: XmlNode): Record<string, string> => (n[':@'] as Record<string, string> | undefined) ?? {};
const childrenOf = (n: XmlNode, tag: string): XmlNode[] => (n[tag] as XmlNode[] | undefined) ?? [];

class Reading {
  readonly findings: Finding[] = [];
  private newlines: number[] | undefined;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** Line and column of a node, from the parser's start offset. */
  private position(n: XmlNode): { line?: number; column?: number } {
    const start = (n[META as unknown as string] as { startIndex?: number } | undefined)?.startIndex;
    if (start === undefined) return {};
    this.newlines ??= [...this.text.matchAll(/\n/g)].map((m) => m.index);
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return { line: lo + 1, column: start - (lo === 0 ? -1 : this.newlines[lo - 1]!) };
  }

  report(f: Finding, n: XmlNode): void {
    this.findings.push({ ...f, ...this.position(n) });
  }

  element(plan: ElementNode, n: XmlNode, tag: string, path: string, scope: Map<string, string>): Fields {
    const out: Fields = {};
    const attributes = attributesOf(n);
    const lookup = lookupOf(plan);
    const declarations = Object.entries(attributes).filter(([name]) => name.startsWith('xmlns:'));
    const inner = declarations.length === 0 ? scope : new Map([...scope, ...declarations.map(([name, v]): [string, string] => [name.slice(6), v])]);
    for (const [name, raw] of Object.entries(attributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      if (lookup.attributes.has(name)) out[name] = decodeValue(raw, true);
      else this.report(warning('PES-READ-NOT-KEPT', joinPath(path, `@${name}`), `attribute ${name} of ${tag} is not part of the model: not kept`), n);
    }
    const textLeaf = lookup.text;
    let text = '';
    for (const child of childrenOf(n, tag)) {
      const childTag = tagOf(child);
      if (childTag === undefined) continue;
      if (childTag === '#text') {
        text += child['#text'] as string;
        continue;
      }
      this.child(plan, child, childTag, path, inner, out);
    }
    if (textLeaf) out[textLeaf.name] = decodeValue(text, false).replace(/\s+/g, '');
    else if (text.trim() !== '') this.report(warning('PES-READ-NOT-KEPT', path, `text inside ${tag} is not part of the model: not kept`), n);
    return out;
  }

  private child(plan: ElementNode, n: XmlNode, tag: string, path: string, scope: Map<string, string>, out: Fields): void {
    const colon = tag.indexOf(':');
    const node = colon < 0 ? lookupOf(plan).elements.get(tag) : undefined;
    if (!node) {
      const prefix = tag.slice(0, Math.max(colon, 0));
      const namespace = attributesOf(n)[`xmlns:${prefix}`] ?? scope.get(prefix);
      const signature = colon >= 0 && tag.slice(colon + 1) === 'Signature' && namespace === XMLDSIG_NAMESPACE;
      const location = joinPath(path, tag);
      this.report(
        warning('PES-READ-NOT-KEPT', location, signature ? 'XML signature: not kept (rewriting the file would invalidate it anyway)' : `${tag} is not part of the model: not kept`),
        n,
      );
      return;
    }
    if (isLeaf(node)) {
      const location = childPath(path, node);
      if (out[node.name] !== undefined) return this.report(warning('PES-READ-NOT-KEPT', location, `a second ${tag} is not allowed: not kept`), n);
      const v = attributesOf(n).V;
      if (v === undefined) return this.report(fatal('PES-STRUCTURE', location, `${tag} has no V attribute`), n);
      out[node.name] = decodeValue(v, true);
      const extra = Object.keys(attributesOf(n)).filter((a) => a !== 'V');
      if (extra.length > 0 || childrenOf(n, tag).some((c) => tagOf(c) !== '#text' || String(c['#text']).trim() !== '')) {
        this.report(warning('PES-READ-NOT-KEPT', location, `only the V attribute of ${tag} is kept`), n);
      }
      return;
    }
    if (node.repeated) {
      const list = (out[node.name] ??= []) as Fields[];
      list.push(this.element(node, n, tag, childPath(path, node, list.length), scope));
    } else if (out[node.name] !== undefined) {
      this.report(warning('PES-READ-NOT-KEPT', childPath(path, node), `a second ${tag} is not allowed: not kept`), n);
    } else {
      out[node.name] = this.element(node, n, tag, childPath(path, node), scope);
    }
  }
}

/** The model of a PES_Aller file, and what was not kept or looked wrong while reading it. */
export function readPesAller(bytes: Uint8Array): { pes: PesAller; findings: Finding[] } {
  const { text, findings: encoding } = decode(bytes);
  if (/<!DOCTYPE/i.test(text)) throw new PesReadError([fatal('PES-XML', undefined, 'a DOCTYPE is not allowed in a PES file')]);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new PesReadError([{ ...fatal('PES-XML', undefined, `not well-formed XML: ${msg}`), line, column: col }]);
  }
  const nodes = parser.parse(text) as XmlNode[];
  const root = nodes.find((n) => {
    const t = tagOf(n);
    return t !== undefined && !t.startsWith('#');
  });
  const tag = root && tagOf(root);
  const prefix = tag?.includes(':') ? tag.slice(0, tag.indexOf(':')) : undefined;
  const namespace = root && attributesOf(root)[prefix === undefined ? 'xmlns' : `xmlns:${prefix}`];
  if (!root || !tag || tag.slice(tag.indexOf(':') + 1) !== 'PES_Aller' || namespace !== PES_ALLER_NAMESPACE) {
    throw new PesReadError([fatal('PES-XML', undefined, `the root is ${tag ?? 'missing'}, not PES_Aller in namespace ${PES_ALLER_NAMESPACE}`)]);
  }
  const reading = new Reading(text);
  reading.findings.push(...encoding);
  if (prefix === undefined) {
    reading.report(warning('PES-NAMESPACE', '', 'the root uses a default namespace, so its children are qualified: the XSD wants them unqualified'), root);
  }
  const pes = reading.element(PES_ALLER_TREE, root, tag, '', new Map());
  const findings = [...reading.findings, ...structureFindings(pes)];
  if (findings.some(isFatal)) throw new PesReadError(findings);
  return { pes: pes as PesAller, findings };
}
