/**
 * One linear pass over decoded XML, before any parser: is there a DOCTYPE, how deep do elements
 * nest, and what is the root element. Not a parser: malformed markup is left for the XSD engine
 * to report, and every step moves forward, so the work is bounded by the length of the text.
 */
import { isXmlSpace } from '../../xml/space.ts';

export interface RootElement {
  local: string;
  prefix?: string;
  /** Namespace bound to the root's prefix (or the default namespace) on the root itself. */
  ns?: string;
}

export type XmlShape =
  | { kind: 'doctype'; offset: number }
  | { kind: 'too-deep'; offset: number }
  | { kind: 'no-root'; found: string }
  | { kind: 'ok'; root: RootElement };

/** Line and column (1-based, in characters) just after `before`, the text that precedes a point. */
export function position(before: string): { line: number; column: number } {
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

const NAME = /[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?/y;

/** A short, printable description of what stands where markup was expected. */
export function describe(text: string): string {
  const sample = text.slice(0, 24).replace(/[^\x20-\x7E]/g, '·');
  return sample.length === 0 ? 'nothing' : `"${sample}${text.length > 24 ? '…' : ''}"`;
}

/** Index just past a tag starting at `from` ('<'), honouring quoted attribute values; -1 if unterminated. */
function tagEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i + 1;
    if (c === 0x22 || c === 0x27) {
      i = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function rootOf(text: string, start: number, end: number): RootElement {
  NAME.lastIndex = start + 1;
  const qname = NAME.exec(text)?.[0] ?? '';
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : undefined;
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  const wanted = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  let ns: string | undefined;
  // Attributes up to the first malformed one: what follows is the XSD engine's to report.
  ATTRIBUTE.lastIndex = start + 1 + qname.length;
  for (let m = ATTRIBUTE.exec(text); m && m.index < end; m = ATTRIBUTE.exec(text)) {
    if (m[1] === wanted) ns = m[2] ?? m[3];
  }
  return { local, ...(prefix === undefined ? {} : { prefix }), ...(ns === undefined ? {} : { ns }) };
}

/** Index past the prolog item at `i` (declaration, processing instruction, comment), or a verdict. */
function skipPrologItem(text: string, i: number): number | XmlShape {
  if (text.startsWith('<?', i)) {
    const end = text.indexOf('?>', i + 2);
    return end < 0 ? { kind: 'no-root', found: 'an unterminated processing instruction' } : end + 2;
  }
  if (text.startsWith('<!--', i)) {
    const end = text.indexOf('-->', i + 4);
    return end < 0 ? { kind: 'no-root', found: 'an unterminated comment' } : end + 3;
  }
  // <!DOCTYPE, and any other markup declaration (<!ENTITY …) however it is spelled.
  return { kind: 'doctype', offset: i };
}

/**
 * The prolog and the root element, then, unless `maxDepth` is undefined, how deep the elements
 * nest: a caller that parses the document anyway, with a parser that bounds nesting itself, may
 * check the depth of what it parsed instead (tooDeepAt then gives the offset this scan would).
 */
export function scanXml(text: string, maxDepth: number | undefined): XmlShape {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && isXmlSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3c) return { kind: 'no-root', found: describe(text.slice(i)) };
    const next = text.charCodeAt(i + 1);
    if (next !== 0x3f && next !== 0x21) break;
    const skipped = skipPrologItem(text, i);
    if (typeof skipped !== 'number') return skipped;
    i = skipped;
  }
  NAME.lastIndex = i + 1;
  if (!NAME.test(text)) return { kind: 'no-root', found: describe(text.slice(i)) };
  const rootEnd = tagEnd(text, i);
  const root = rootOf(text, i, rootEnd < 0 ? text.length : rootEnd);
  if (maxDepth === undefined || rootEnd < 0 || text.charCodeAt(rootEnd - 2) === 0x2f) return { kind: 'ok', root };
  const deep = deeperThan(text, rootEnd, maxDepth);
  return deep < 0 ? { kind: 'ok', root } : { kind: 'too-deep', offset: deep };
}

/** Offset of the first start tag that nests deeper than `maxDepth`, or -1. */
export function tooDeepAt(text: string, maxDepth: number): number {
  const shape = scanXml(text, maxDepth);
  return shape.kind === 'too-deep' ? shape.offset : -1;
}

/** The body after the root's start tag, which ends at `from`: see tooDeepAt. */
function deeperThan(text: string, from: number, maxDepth: number): number {
  let depth = 1;
  let i = from;
  // The next quote of each kind at or after the tag being read: found once each, as the scan
  // only moves forward. A tag with no quote before its first '>' ends there, with no need to
  // look at its characters one by one (most tags have no attribute).
  let dq = -2;
  let sq = -2;
  const quoteBefore = (lt: number, gt: number): boolean => {
    if (dq !== -1 && dq < lt) dq = text.indexOf('"', lt);
    if (sq !== -1 && sq < lt) sq = text.indexOf("'", lt);
    return (dq >= 0 && dq < gt) || (sq >= 0 && sq < gt);
  };
  while (depth > 0) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    let end: number;
    if (c === 0x2f) {
      depth--;
      // No '<' can stand inside an end tag: the next search for one passes over the rest of it.
      end = lt + 2;
    } else if (c === 0x3f) {
      end = text.indexOf('?>', lt + 2) + 2;
    } else if (c === 0x21) {
      if (text.startsWith('<!--', lt)) end = text.indexOf('-->', lt + 4) + 3;
      else if (text.startsWith('<![CDATA[', lt)) end = text.indexOf(']]>', lt + 9) + 3;
      else end = lt + 2; // a declaration inside the body is malformed, never acted upon
    } else {
      const gt = text.indexOf('>', lt);
      end = gt > 0 && !quoteBefore(lt, gt) ? gt + 1 : tagEnd(text, lt);
      if (end > 0 && text.charCodeAt(end - 2) !== 0x2f && ++depth > maxDepth) return lt;
    }
    // An unterminated construct ends the scan: the document is malformed, and the XSD engine says where.
    if (end <= lt) break;
    i = end;
  }
  return -1;
}
