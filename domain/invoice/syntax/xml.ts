/**
 * XML text to a small namespace-resolved element tree, the only shape the readers walk: per
 * element, its namespace URI (documents may bind any prefix), local name, unprefixed attributes,
 * child elements in order and character data as written.
 *
 * A dedicated scanner rather than a general parser: the check must cost tens of microseconds per
 * invoice and fast-xml-parser alone takes about 400 µs on a 14 KB one (see BENCHMARKS.md).
 * Well-formedness is not its job (XSD validation, upstream, rejects such documents): on broken
 * input it returns what it could read, and never throws.
 */

export interface XmlElement {
  /** Namespace URI ('' when none). */
  readonly ns: string;
  readonly local: string;
  /** Unprefixed attributes as written (the ones the syntaxes use: currencyID, schemeID, unitCode…). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside the element (CDATA included), references resolved. */
  readonly text: string;
}

const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/** Whether the element has any (unprefixed) attribute: most have none, and need no look. */
export const hasAttributes = (el: XmlElement): boolean => el.attrs !== NO_ATTRS;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Prefixes in scope. */
type Scope = ReadonlyMap<string, string>;

/**
 * An element name as written (`cbc:ID`), kept for the whole process: later tags, in this
 * document or the next, find it by a hash computed while scanning, with no string cut out.
 * Its resolution is kept for the last scope it was read in (nearly always the root's).
 */
interface QName {
  readonly text: string;
  /** The prefix ('' when none) and what comes after it, shared. */
  readonly prefix: string;
  readonly local: string;
  scope: Scope | undefined;
  ns: string;
  /**
   * The name of the start tag that came next the last time this one was read. Documents of one
   * syntax follow their schema's order, so it is usually the next one again: checked against the
   * text, it spares hashing the name and looking it up.
   */
  next: QName | undefined;
}

/** Interned element names by hash; bounded, since documents choose their names. */
const NAMES = new Map<number, QName[]>();
let namesHeld = 0;
const NAMES_MAX = 10_000;

function intern(xml: string, start: number, end: number, hash: number): QName {
  let bucket = NAMES.get(hash);
  if (bucket) {
    for (const q of bucket) if (q.text.length === end - start && sameAt(xml, start, q.text)) return q;
  }
  const text = xml.slice(start, end);
  const colon = text.indexOf(':');
  const q: QName = { text, prefix: colon < 0 ? '' : text.slice(0, colon), local: shared(text.slice(colon + 1)), scope: undefined, ns: '', next: undefined };
  if (namesHeld >= NAMES_MAX) {
    NAMES.clear();
    namesHeld = 0;
    bucket = undefined;
  }
  namesHeld++;
  if (bucket) bucket.push(q);
  else NAMES.set(hash, [q]);
  return q;
}

/** Whether `s` is written in `xml` at `at` (a loop: startsWith at an offset costs more here). */
function sameAt(xml: string, at: number, s: string): boolean {
  for (let k = s.length - 1; k >= 0; k--) if (xml.charCodeAt(at + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** Not frozen: a frozen array has another elements kind, and every walk over children would see two. */
const NO_CHILDREN: readonly XmlElement[] = [];

/**
 * An element as read: the XmlElement it becomes once closed (name resolved, text read), and
 * meanwhile what the scan needs of it. One object per element, and leaves (most elements) share
 * one empty child list: allocation, and so garbage collection, is a good part of the scan's cost.
 */
class Open implements XmlElement {
  ns = '';
  local = '';
  children: readonly XmlElement[] = NO_CHILDREN;
  /** Text so far; a single run of it is kept as its bounds and read only for a leaf. */
  text = '';
  textStart = -1;
  textEnd = -1;
  readonly qname: QName;
  readonly scope: Scope;
  readonly attrs: Readonly<Record<string, string>>;
  constructor(qname: QName, scope: Scope, attrs: Readonly<Record<string, string>>) {
    this.qname = qname;
    this.scope = scope;
    this.attrs = attrs;
  }
}

/** Adds character data to an element that has no child element yet. */
function addText(xml: string, open: Open, start: number, end: number): void {
  if (open.textStart < 0 && open.text === '') {
    open.textStart = start;
    open.textEnd = end;
    return;
  }
  open.text = textOf(xml, open) + characters(xml.slice(start, end));
  open.textStart = -1;
}

function textOf(xml: string, open: Open): string {
  return open.textStart < 0 ? open.text : characters(xml.slice(open.textStart, open.textEnd));
}

const CHAR = { GT: 62, SLASH: 47, EQ: 61, QUOT: 34, APOS: 39, BANG: 33, QUESTION: 63 } as const;

/** The name of the last start tag read, whose `next` guesses the coming one. */
interface Reading {
  last: QName | undefined;
}

/** Parses a document to its root element, or `undefined` when there is no element at all. */
export function parseXml(xml: string): XmlElement | undefined {
  const stack: Open[] = [];
  const reading: Reading = { last: undefined };
  let root: XmlElement | undefined;
  const close = (open: Open): void => {
    const element = build(xml, open);
    const parent = stack[stack.length - 1];
    if (!parent) root ??= element;
    else if (parent.children === NO_CHILDREN) parent.children = [element];
    else (parent.children as XmlElement[]).push(element);
  };
  const rootScope: Scope = new Map([['xml', XML_NS]]);
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    const top = stack[stack.length - 1];
    // Only leaves carry text the syntaxes use: what stands between child elements is skipped.
    if (top && textEnd > i && top.children.length === 0) addText(xml, top, i, textEnd);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === CHAR.SLASH) {
      const gt = xml.indexOf('>', lt);
      // The usual end tag, closing the open element: checked by its length and ends only, since
      // the document reached here well-formed (the XSD step parsed it) and a full comparison of
      // every end tag costs a quarter of the scan.
      const open = top?.qname.text;
      if (open !== undefined && lt + 2 + open.length === gt && xml.charCodeAt(lt + 2) === open.charCodeAt(0) && xml.charCodeAt(gt - 1) === open.charCodeAt(open.length - 1)) {
        close(stack.pop()!);
        i = gt + 1;
        continue;
      }
      const name = xml.slice(lt + 2, gt < 0 ? n : gt).trim();
      // Close up to the matching start tag; a stray end tag closes nothing.
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.qname.text !== name) at--;
      if (at >= 0) while (stack.length > at) close(stack.pop()!);
      i = gt < 0 ? n : gt + 1;
    } else if (next === CHAR.BANG) {
      i = skipDeclaration(xml, lt, top);
    } else if (next === CHAR.QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      i = end < 0 ? n : end + 2;
    } else {
      i = startTag(xml, lt + 1, stack, rootScope, close, reading);
    }
  }
  while (stack.length > 0) close(stack.pop()!);
  return root;
}

/** A comment, CDATA section or DOCTYPE starting at `lt`; CDATA text goes to the open element. */
function skipDeclaration(xml: string, lt: number, top: Open | undefined): number {
  if (xml.startsWith('<!--', lt)) {
    const end = xml.indexOf('-->', lt + 4);
    return end < 0 ? xml.length : end + 3;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt + 9);
    const stop = end < 0 ? xml.length : end;
    if (top) {
      top.text = textOf(xml, top) + lineEnds(xml.slice(lt + 9, stop));
      top.textStart = -1;
    }
    return end < 0 ? xml.length : end + 3;
  }
  // <!DOCTYPE …> with an optional internal subset in brackets.
  const gt = xml.indexOf('>', lt);
  const bracket = xml.indexOf('[', lt);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const end = xml.indexOf(']', bracket);
    const after = end < 0 ? -1 : xml.indexOf('>', end);
    return after < 0 ? xml.length : after + 1;
  }
  return gt < 0 ? xml.length : gt + 1;
}

/** A start tag whose name starts at `i`: opens the element (or adds it, when empty). */
function startTag(xml: string, i: number, stack: Open[], rootScope: Scope, close: (open: Open) => void, reading: Reading): number {
  const n = xml.length;
  const guess = reading.last?.next;
  let qname: QName;
  let j: number;
  if (guess !== undefined && isNameEnd(xml.charCodeAt(i + guess.text.length)) && sameAt(xml, i, guess.text)) {
    qname = guess;
    j = i + guess.text.length;
  } else {
    let hash = 0;
    for (j = i; j < n && !isNameEnd(xml.charCodeAt(j)); j++) hash = (Math.imul(hash, 31) + xml.charCodeAt(j)) | 0;
    qname = intern(xml, i, j, hash);
    if (reading.last) reading.last.next = qname;
  }
  reading.last = qname;
  let attrs: Record<string, string> | undefined;
  let scope = stack[stack.length - 1]?.scope ?? rootScope;
  let declared: Map<string, string> | undefined;
  for (;;) {
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    const c = xml.charCodeAt(j);
    if (j >= n || c === CHAR.GT || c === CHAR.SLASH) break;
    const nameStart = j;
    while (j < n && !isNameEnd(xml.charCodeAt(j)) && xml.charCodeAt(j) !== CHAR.EQ) j++;
    const name = xml.slice(nameStart, j);
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) !== CHAR.EQ) {
      j = Math.max(j, nameStart + 1); // no value: skip the stray name
      continue;
    }
    j++;
    while (j < n && isSpace(xml.charCodeAt(j))) j++;
    const quote = xml.charCodeAt(j);
    if (quote !== CHAR.QUOT && quote !== CHAR.APOS) continue;
    const end = xml.indexOf(quote === CHAR.QUOT ? '"' : "'", j + 1);
    const raw = xml.slice(j + 1, end < 0 ? n : end);
    j = end < 0 ? n : end + 1;
    const value = attributeValue(raw);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      declared ??= new Map(scope);
      declared.set(name === 'xmlns' ? '' : name.slice(6), shared(value));
    } else if (!name.includes(':')) {
      (attrs ??= {})[name] = value;
    }
  }
  if (declared) scope = declared;
  const open = new Open(qname, scope, attrs ?? NO_ATTRS);
  if (xml.charCodeAt(j) === CHAR.SLASH) {
    close(open);
    const gt = xml.indexOf('>', j);
    return gt < 0 ? n : gt + 1;
  }
  stack.push(open);
  return j + 1;
}

/** Closes an element: its name resolved in its scope, its text read if it is a leaf. */
function build(xml: string, open: Open): XmlElement {
  const q = open.qname;
  if (q.scope !== open.scope) {
    q.ns = open.scope.get(q.prefix) ?? '';
    q.scope = open.scope;
  }
  open.ns = q.ns;
  open.local = q.local;
  open.text = open.children.length === 0 ? textOf(xml, open) : '';
  return open;
}

/**
 * Names and namespaces shared by all documents, as V8 keeps property names: then the rules'
 * comparisons and map lookups on them are pointer comparisons, where a name cut out of the
 * document would be compared character by character (and would keep the document alive).
 * Bounded, since documents choose their names.
 */
const SHARED = new Map<string, string>();

function shared(s: string): string {
  const known = SHARED.get(s);
  if (known !== undefined) return known;
  const own = Object.keys({ [s]: 0 })[0] ?? s;
  if (SHARED.size < 10_000) SHARED.set(own, own);
  return own;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isNameEnd = (c: number): boolean => isSpace(c) || c === CHAR.GT || c === CHAR.SLASH;

/** Character data: line ends normalised (XML 2.11), references resolved. */
function characters(raw: string): string {
  return resolve(lineEnds(raw));
}

const lineEnds = (s: string): string => (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s);

/** An attribute value: references resolved, whitespace characters read as spaces (XML 3.3.3). */
function attributeValue(raw: string): string {
  const spaced = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
  return resolve(spaced);
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|apos|quot);/g;

/** Character and predefined entity references; others (declared in a DTD) stay as written. */
function resolve(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(REFERENCE, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return PREDEFINED[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** First child with this namespace and local name. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.local === local && c.ns === ns) return c;
  return undefined;
}

/** All children with this namespace and local name, in document order. */
export function children(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!el) return out;
  for (const c of el.children) if (c.local === local && c.ns === ns) out.push(c);
  return out;
}
