/**
 * XML text to a plain element tree, for the treasury's return files. A dedicated scanner
 * rather than fast-xml-parser: PES_Retour files exceed 150 MB, and fast-xml-parser's own tree
 * (plus its separate validation pass) took 4× the time and twice the memory of this one.
 * It still refuses what is not well-formed (unbalanced or mismatched tags, unquoted or
 * duplicate attributes, `<` in a value, unknown entity references, text outside the root,
 * forbidden control characters) and any DOCTYPE, by throwing XmlReadError.
 */

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  prefix: string | undefined;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data before the first child element, references resolved (PES values sit in `V`; this is for those that do not). */
  text: string;
}

export class XmlReadError extends Error {
  readonly code: 'XML_ENCODING' | 'XML_DOCTYPE' | 'XML_MALFORMED';
  constructor(code: XmlReadError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

/** Resolves references; a bare `&`, or an entity XML does not predefine, is not well-formed. */
function resolveReferences(raw: string, where: () => string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]*)(;?)/g, (ref, body: string, semicolon: string) => {
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    const value = semicolon === '' ? undefined : numeric ? Number.parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10) : ENTITIES[body];
    if (value === undefined) throw new XmlReadError('XML_MALFORMED', `${semicolon === '' ? 'a bare &' : `undefined entity ${ref}`} ${where()}`);
    if (typeof value === 'string') return value;
    if (!isXmlChar(value)) throw new XmlReadError('XML_MALFORMED', `character reference ${ref} is not an XML character ${where()}`);
    return String.fromCodePoint(value);
  });
}

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46 || c >= 0xb7;
/** A QName: at most one colon, neither part empty nor starting with a digit, `-` or `.`. */
function isQName(name: string): boolean {
  const colon = name.indexOf(':');
  const startOk = (k: number) => {
    const c = name.charCodeAt(k);
    return k < name.length && !(c >= 48 && c <= 57) && c !== 45 && c !== 46 && c !== 58;
  };
  return startOk(0) && (colon < 0 || (colon === name.lastIndexOf(':') && startOk(colon + 1)));
}
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

interface Open {
  element: XmlElement;
  /** The tag name as written, for the end tag. */
  qname: string;
  /** Namespace prefixes declared here or above. */
  prefixes: ReadonlySet<string>;
}

const XML_DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/;
const XML_PREFIX: ReadonlySet<string> = new Set(['xml']);

/** The prefixes in scope inside `element`; calls `undeclared` if it or one of its attributes uses another. */
function inScope(element: XmlElement, outer: ReadonlySet<string>, undeclared: () => never): ReadonlySet<string> {
  const names = Object.keys(element.attributes);
  const declared = names.filter((a) => a.startsWith('xmlns:')).map((a) => a.slice(6));
  const scope = declared.length === 0 ? outer : new Set([...outer, ...declared]);
  if (element.prefix !== undefined && !scope.has(element.prefix)) undeclared();
  for (const a of names) {
    const colon = a.indexOf(':');
    if (colon > 0 && a.slice(0, colon) !== 'xmlns' && !scope.has(a.slice(0, colon))) undeclared();
  }
  return scope;
}

/** Parses a whole document (already decoded) to its root element. */
export function scanXml(xml: string): XmlElement {
  const bad = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/.exec(xml);
  if (bad) throw new XmlReadError('XML_MALFORMED', `control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at offset ${bad.index}`);
  const n = xml.length;
  let line = 1;
  let lineCounted = 0;
  /** Where the scanner is, for messages (lines counted lazily: only an error needs them). */
  const at = (offset: number) => () => {
    for (; lineCounted < offset; lineCounted++) if (xml.charCodeAt(lineCounted) === 10) line++;
    return `(line ${line})`;
  };
  const fail = (offset: number, what: string): never => {
    throw new XmlReadError('XML_MALFORMED', `${what} ${at(offset)()}`);
  };
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const start = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = start;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const top = stack[stack.length - 1];
      if (!top) {
        if (xml.slice(i, end).trim() !== '') fail(i, 'text outside the root element');
      } else if (top.element.children.length === 0) {
        top.element.text += resolveReferences(xml.slice(i, end), at(i));
      } else {
        // Text between child elements is not kept, but must still be well-formed.
        resolveReferences(xml.slice(i, end), at(i));
      }
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) fail(lt, 'unterminated end tag');
      const top = stack.pop();
      const name = xml.slice(lt + 2, gt < 0 ? n : gt).trimEnd();
      if (!top || top.qname !== name) fail(lt, top ? `end tag </${name}> does not close <${top.qname}>` : `end tag </${name}> with no open element`);
      if (stack.length === 0) root = top!.element;
      i = gt + 1;
    } else if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close < 0) fail(lt, 'unterminated comment');
        i = close + 3;
      } else if (xml.startsWith('<![CDATA[', lt) && stack.length > 0) {
        const close = xml.indexOf(']]>', lt + 9);
        if (close < 0) fail(lt, 'unterminated CDATA section');
        const top = stack[stack.length - 1]!;
        if (top.element.children.length === 0) top.element.text += xml.slice(lt + 9, close);
        i = close + 3;
      } else if (xml.startsWith('<!DOCTYPE', lt)) {
        throw new XmlReadError('XML_DOCTYPE', 'a DOCTYPE is refused (entities could expand or reach outside the file)');
      } else {
        fail(lt, 'markup declaration not allowed here');
      }
    } else if (next === 63 /* ? */) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) fail(lt, 'unterminated processing instruction');
      const pi = xml.slice(lt, close + 2);
      const target = /^<\?([^\s?]*)/.exec(pi)![1]!;
      if (!isQName(target) || target.includes(':')) fail(lt, `${target} is not a processing instruction target`);
      if (target.toLowerCase() === 'xml' && (lt !== start || !XML_DECLARATION.test(pi))) fail(lt, lt === start ? 'malformed XML declaration' : 'an XML declaration after the start');
      i = close + 2;
    } else {
      if (root) fail(lt, 'a second root element');
      const tag = startTag(xml, lt, fail, at);
      const parent = stack[stack.length - 1];
      const prefixes = inScope(tag.element, parent?.prefixes ?? XML_PREFIX, () => fail(lt, `undeclared namespace prefix in <${tag.qname}>`));
      if (parent) parent.element.children.push(tag.element);
      if (!tag.empty) stack.push({ element: tag.element, qname: tag.qname, prefixes });
      else if (!parent) root = tag.element;
      i = tag.next;
    }
  }
  if (stack.length > 0) fail(n, `<${stack[stack.length - 1]!.qname}> is not closed`);
  if (!root) throw new XmlReadError('XML_MALFORMED', 'no root element');
  return root;
}

/** The start tag at `lt`: its element, whether it is empty (`/>`), and where the scan goes on. */
function startTag(
  xml: string,
  lt: number,
  fail: (offset: number, what: string) => never,
  at: (offset: number) => () => string,
): { element: XmlElement; qname: string; empty: boolean; next: number } {
  const n = xml.length;
  let j = lt + 1;
  while (j < n && isNameChar(xml.charCodeAt(j))) j++;
  const qname = xml.slice(lt + 1, j);
  if (!isQName(qname)) fail(lt, qname === '' ? 'a "<" that starts no element' : `${qname} is not an element name`);
  const colon = qname.indexOf(':');
  const element: XmlElement = {
    name: colon < 0 ? qname : qname.slice(colon + 1),
    prefix: colon < 0 ? undefined : qname.slice(0, colon),
    attributes: {},
    children: [],
    text: '',
  };
  for (;;) {
    const before = j;
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    const c = xml.charCodeAt(j);
    if (c === 62 /* > */ || (c === 47 /* / */ && xml.charCodeAt(j + 1) === 62)) break;
    if (j >= n) fail(lt, `unterminated start tag <${qname}`);
    if (j === before) fail(j, `attributes of <${qname}> must be separated by spaces`);
    const nameStart = j;
    while (j < n && isNameChar(xml.charCodeAt(j))) j++;
    const name = xml.slice(nameStart, j);
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    if (!isQName(name) || xml.charCodeAt(j) !== 61 /* = */) fail(j, `attribute ${name} without a value, or not a name, in <${qname}>`);
    j++;
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    const quote = xml.charCodeAt(j);
    if (quote !== 34 && quote !== 39) fail(j, `unquoted attribute ${name} in <${qname}>`);
    const close = xml.indexOf(quote === 34 ? '"' : "'", j + 1);
    if (close < 0) fail(j, `unterminated attribute ${name} in <${qname}>`);
    const raw = xml.slice(j + 1, close);
    if (raw.includes('<')) fail(j, `"<" in attribute ${name} of <${qname}>`);
    if (name in element.attributes) fail(nameStart, `attribute ${name} repeated in <${qname}>`);
    // Attribute-value normalisation: literal tab and line breaks become spaces, references then resolve.
    element.attributes[name] = resolveReferences(raw.replace(/\r\n|[\t\n\r]/g, ' '), at(j));
    j = close + 1;
  }
  const empty = xml.charCodeAt(j) === 47;
  return { element, qname, empty, next: empty ? j + 2 : j + 1 };
}
