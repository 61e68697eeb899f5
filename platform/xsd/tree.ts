/**
 * libxml2's tree of a parsed document, read into the domain's XmlElement tree straight from
 * WebAssembly memory: the XSD stage has parsed the document already, and reading its tree costs
 * about a third of parsing the text again in JavaScript (BENCHMARKS.md).
 *
 * The offsets are those of libxml2's tree.h on wasm32, the ones libxml2-wasm's own struct
 * accessors use; the version is pinned, and tree.test.ts checks this reader against those
 * accessors on the official examples.
 */
import { XmlNodeSetStruct } from 'libxml2-wasm/lib/libxml2.mjs';
import { intern, localNumber } from '../../domain/xml/names.ts';
import { NO_ATTRS, type XmlElement } from '../../domain/xml/tree.ts';
import { LeafTexts } from './leaf-texts.ts';

/** xmlNode; an xmlAttr shares its head (type, name, children, next, ns). */
const NODE = { type: 4, name: 8, children: 12, next: 24, ns: 36, content: 40, properties: 44 } as const;
/** xmlNs */
const NS_HREF = 8;
const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

/**
 * Views on libxml2-wasm's memory. The package exposes no handle on it; this subarray, empty, is
 * one of its views, and its buffer is the memory. Memory growth detaches the buffer, which
 * empties the views: then they are taken again.
 */
let I32: Int32Array<ArrayBufferLike> = new Int32Array(0);
let U8: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
let BYTES: Buffer<ArrayBufferLike> = Buffer.alloc(0);
function viewMemory(): void {
  if (I32.length > 0) return;
  const memory = XmlNodeSetStruct.nodeTable(0, 0).buffer;
  I32 = new Int32Array(memory);
  U8 = new Uint8Array(memory);
  BYTES = Buffer.from(memory);
}

const int = (address: number): number => I32[address >> 2]!;

/** A NUL-terminated UTF-8 string of libxml2's. */
function cString(address: number): string {
  return BYTES.toString('utf8', address, U8.indexOf(0, address));
}

/** Not frozen: a frozen array has another elements kind, and every walk over children would see two. */
const NO_CHILDREN: readonly XmlElement[] = [];

/** A name of the parser's dictionary: as text, and as a number (domain/xml/names.ts). */
interface Name {
  readonly local: string;
  readonly number: number;
}

class Element implements XmlElement {
  readonly ns: string;
  readonly local: string;
  readonly localNumber: number;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Set after construction for the leaves whose texts are decoded together (LeafTexts). */
  text: string;
  constructor(ns: string, name: Name, attrs: Readonly<Record<string, string>>, children: readonly XmlElement[], text: string) {
    this.ns = ns;
    this.local = name.local;
    this.localNumber = name.number;
    this.attrs = attrs;
    this.children = children;
    this.text = text;
  }
}

/** Reads the trees one parser context builds: names are kept by their address in its dictionary. */
export class TreeReader {
  /** libxml2 interns element and attribute names in the parser context's dictionary. */
  private readonly names = new Map<number, Name>();
  /** The namespaces of the document being read, by the address of their declaration. */
  private readonly nsAt: number[] = [];
  private readonly nsUri: string[] = [];
  private readonly texts = new LeafTexts();
  /**
   * The elements read and not yet given to their parent, `top` of them; emptied after each read
   * up to the highest `top` it reached, so that it holds no document once read.
   */
  private readonly stack: (XmlElement | undefined)[] = [];
  private top = 0;
  private highest = 0;

  /**
   * Whether the last tree read has a leaf whose text is broken by a comment, a processing
   * instruction or a CDATA section. NOBLANKS drops the whitespace next to those, which is part of
   * the leaf's value: such a document is to be parsed again without it (libxml2.ts).
   */
  brokenText = false;

  /** How deep the elements of the last tree read nest (the root alone: 1). */
  depth = 0;

  /** To be called when the parser context, and so its dictionary, is freed. */
  forgetNames(): void {
    this.names.clear();
  }

  /** The root element of the document at `doc` (an xmlDocPtr), if it has one. */
  read(doc: number): XmlElement | undefined {
    viewMemory();
    this.nsAt.length = 0;
    this.nsUri.length = 0;
    this.brokenText = false;
    this.depth = 0;
    this.texts.reset();
    for (let node = int(doc + NODE.children); node !== 0; node = int(node + NODE.next)) {
      if (int(node + NODE.type) !== ELEMENT) continue;
      const root = this.element(node, 1);
      this.texts.decode();
      this.stack.fill(undefined, 0, this.highest);
      this.highest = 0;
      return root;
    }
    return undefined;
  }

  /** Recursive: libxml2 refuses documents nested deeper than 256 levels (2,048 when huge). */
  private element(node: number, depth: number): XmlElement {
    if (depth > this.depth) this.depth = depth;
    let attrs: Record<string, string> | undefined;
    for (let attr = int(node + NODE.properties); attr !== 0; attr = int(attr + NODE.next)) {
      if (int(attr + NODE.ns) !== 0) continue; // prefixed: xml:lang, xsi:schemaLocation…
      attrs ??= {};
      // Set now, so that attributes keep their order; a short value is decoded with the leaves' texts.
      const name = this.name(int(attr + NODE.name)).local;
      attrs[name] = '';
      if (!this.shortText(attrs, name, attr)) attrs[name] = this.text(attr);
    }
    // The children go on a stack shared by the whole read, then are sliced off it: an array of
    // their exact number, where one grown by push would hold room for 17 at least.
    const base = this.top;
    for (let c = int(node + NODE.children); c !== 0; c = int(c + NODE.next)) {
      if (int(c + NODE.type) !== ELEMENT) continue;
      const el = this.element(c, depth + 1);
      this.stack[this.top++] = el;
    }
    if (this.top > this.highest) this.highest = this.top;
    const children = this.top === base ? NO_CHILDREN : (this.stack.slice(base, this.top) as XmlElement[]);
    this.top = base;
    const ns = int(node + NODE.ns);
    const el = new Element(ns === 0 ? '' : this.namespace(ns), this.name(int(node + NODE.name)), attrs ?? NO_ATTRS, children, '');
    if (children !== NO_CHILDREN) return el;
    // A leaf of one short text node, nearly every one: its text is decoded with the others.
    if (!this.shortText(el as unknown as Record<string, string>, 'text', node)) el.text = this.text(node);
    return el;
  }

  /** Whether the text of `node` (an element or attribute) is one short text node, gathered for `target[key]`. */
  private shortText(target: Record<string, string>, key: string, node: number): boolean {
    const c = int(node + NODE.children);
    return c !== 0 && int(c + NODE.type) === TEXT && int(c + NODE.next) === 0 && this.texts.add(target, key, U8, int(c + NODE.content));
  }

  /** The character data directly inside an element or attribute: its text and CDATA nodes. */
  private text(node: number): string {
    let text = '';
    for (let c = int(node + NODE.children); c !== 0; c = int(c + NODE.next)) {
      const type = int(c + NODE.type);
      if (type === TEXT) text += cString(int(c + NODE.content));
      else if (type === CDATA || type === COMMENT || type === PI) {
        this.brokenText = true;
        if (type === CDATA) text += cString(int(c + NODE.content));
      }
    }
    return text;
  }

  private name(address: number): Name {
    let name = this.names.get(address);
    if (name === undefined) {
      const local = intern(cString(address));
      name = { local, number: localNumber(local) };
      this.names.set(address, name);
    }
    return name;
  }

  /** xmlNs structures belong to the document, so their URIs are kept for this document only. */
  private namespace(ns: number): string {
    for (let k = 0; k < this.nsAt.length; k++) if (this.nsAt[k] === ns) return this.nsUri[k]!;
    const uri = intern(cString(int(ns + NS_HREF)));
    this.nsAt.push(ns);
    this.nsUri.push(uri);
    return uri;
  }
}
