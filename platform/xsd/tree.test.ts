/**
 * The element tree read from libxml2's memory: what an XML processor reports (namespaces,
 * references, line ends, attribute whitespace), the same tree libxml2-wasm's own API walks on
 * every official example, and right across a renewed parser context and grown memory.
 */
import { XmlCData, XmlDocument, XmlElement as LibxmlElement, XmlText } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import type { SchemaName } from '../../domain/xml/xsd.ts';
import { child, type XmlElement } from '../../domain/xml/tree.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { DOCUMENT_OPTIONS, openSchemaCatalog, readXmlTree } from './libxml2.ts';

const root = (xml: string): XmlElement => {
  const read = readXmlTree(xml);
  expect(read.findings).toEqual([]);
  return read.root!;
};

/** A tree as plain data, to compare trees whatever built them. */
interface Plain {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  text: string;
  children: Plain[];
}
const plain = (el: XmlElement): Plain => ({ ns: el.ns, local: el.local, attrs: { ...el.attrs }, text: el.text, children: el.children.map(plain) });

/** The same tree through libxml2-wasm's own node API (its struct accessors). */
function throughApi(el: LibxmlElement): Plain {
  const children: Plain[] = [];
  let text = '';
  for (let c = el.firstChild; c !== null; c = c.next) {
    if (c instanceof LibxmlElement) children.push(throughApi(c));
    else if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
  }
  const attrs = Object.fromEntries(el.attrs.filter((a) => a.namespaceUri === '').map((a) => [a.name, a.value]));
  return { ns: el.namespaceUri, local: el.name, attrs, text: children.length === 0 ? text : '', children };
}

describe('readXmlTree', () => {
  it('resolves prefixes to namespace URIs, whatever the document calls them', () => {
    const r = root('<x:a xmlns:x="urn:a" xmlns="urn:default"><b/><y:c xmlns:y="urn:a"/></x:a>');
    expect(r).toMatchObject({ ns: 'urn:a', local: 'a' });
    expect(r.children.map((c) => [c.ns, c.local])).toEqual([
      ['urn:default', 'b'],
      ['urn:a', 'c'],
    ]);
    expect(child(r, 'urn:a', 'c')).toBeDefined();
  });

  it('resolves a name again in each document and scope, though names are kept across documents', () => {
    expect(root('<p:a xmlns:p="urn:one"><p:b/></p:a>').children[0]).toMatchObject({ ns: 'urn:one', local: 'b' });
    const r = root('<p:a xmlns:p="urn:two"><p:b/><q xmlns:p="urn:three"><p:b/></q><p:b/></p:a>');
    expect(r.children.map((c) => c.children[0]?.ns ?? c.ns)).toEqual(['urn:two', 'urn:three', 'urn:two']);
  });

  it('keeps unprefixed attributes and a leaf’s character data, references resolved, comments left out', () => {
    const r = root('<?xml version="1.0"?><!-- note --><a k="1 &amp; 2" xsi:t="x" xmlns:xsi="urn:xsi">  x &lt; y &#x41;&#66; <!-- c --><![CDATA[<raw>]]></a>');
    expect(r.attrs).toEqual({ k: '1 & 2' });
    expect(r.text).toBe('  x < y AB <raw>');
  });

  it('gives text to leaves only, and keeps whitespace that is a leaf’s whole content', () => {
    const r = root('<a>\n  <b> </b>\n  <c>x<d/>y</c>\n</a>');
    expect(r.text).toBe('');
    expect(r.children.map((c) => c.text)).toEqual([' ', '']);
  });

  it('keeps the whitespace next to a comment, a processing instruction or CDATA inside a leaf, as XPath reads it', () => {
    expect(root('<a>\n  <!-- c -->S</a>').text).toBe('\n  S');
    expect(root('<a> <![CDATA[x]]> </a>').text).toBe(' x ');
    expect(root('<a><?pi x?>  </a>').text).toBe('  ');
    const r = root('<a>\n  <!-- between elements -->\n  <b> <!-- c --> 1</b>\n</a>');
    expect(r.children.map((c) => c.text)).toEqual(['  1']);
  });

  it('normalises line ends in text and whitespace in attributes, as an XML processor does', () => {
    const r = root('<a k="x\r\ny">1\r\n2\r3</a>');
    expect(r.text).toBe('1\n2\n3');
    expect(r.attrs.k).toBe('x y');
  });

  it('skips a byte order mark and processing instructions, and reads text as UTF-8 whatever is declared', () => {
    const r = root('\ufeff<?xml version="1.0" encoding="ISO-8859-1"?><?pi x?><a><?pi y?>é</a>');
    expect(r).toMatchObject({ local: 'a', text: 'é' });
  });

  it('gives findings and no tree for what is not well-formed', () => {
    for (const xml of ['not xml', '', '<a><b>text</a>', '<a><b></c></a>', '<p:a/>']) {
      const read = readXmlTree(xml);
      expect(read.root).toBeUndefined();
      expect(read.findings[0]).toMatchObject({ level: 'fatal' });
    }
  });
});

describe('the tree read from memory', () => {
  const examples = officialExamples(Infinity);

  it('is the one libxml2-wasm’s own API walks, on every official example', () => {
    for (const { name, bytes } of examples) {
      const doc = XmlDocument.fromBuffer(bytes, { option: DOCUMENT_OPTIONS });
      try {
        expect(plain(readXmlTree(bytes).root!), name).toEqual(throughApi(doc.root));
      } finally {
        doc.dispose();
      }
    }
  });

  it('keeps its names right when the parser context, and the dictionary they live in, is renewed', () => {
    // A new context after every document: UBL and CII names alternate in fresh dictionaries.
    const catalog = openSchemaCatalog(SCHEMA_DIR, { renewParserAfterBytes: 0 });
    const schema = (syntax: string): SchemaName => (syntax === 'ubl' ? 'ubl-invoice' : 'cii-d16b');
    const ubl = examples.filter((e) => e.syntax === 'ubl' && e.bytes.includes('<Invoice'));
    const cii = examples.filter((e) => e.syntax === 'cii');
    for (let k = 0; k < 6; k++) {
      for (const e of [ubl[k]!, cii[k]!]) {
        const read = catalog.validator(schema(e.syntax)).validateAndRead(e.bytes);
        expect(read.findings, e.name).toEqual([]);
        expect(plain(read.root!), e.name).toEqual(plain(readXmlTree(e.bytes).root!));
      }
    }
  });

  it('decodes every leaf’s text right, short or long, ASCII or not, however many there are', () => {
    const texts = ['plain', 'é à ü', '中文字', 'a😀b', '😀', 'x'.repeat(255), 'y'.repeat(256), 'é'.repeat(200), 'z'.repeat(5000), ''];
    // 3,000 leaves of 40 bytes: more than the 64 KB gathered at first.
    const many = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, '0')}${'é'.repeat(18)}`);
    const xml = `<a>${[...texts, ...many].map((t) => `<b>${t}</b>`).join('')}<c/></a>`;
    const doc = XmlDocument.fromBuffer(Buffer.from(xml), { option: DOCUMENT_OPTIONS });
    try {
      const read = root(xml);
      expect(plain(read)).toEqual(throughApi(doc.root));
      expect(read.children.map((c) => c.text)).toEqual([...texts, ...many, '']);
    } finally {
      doc.dispose();
    }
  });

  it('is read right after the WebAssembly memory grew', () => {
    const before = root('<a><b>1</b></a>');
    // 24 MB of text: more than the memory held so far, so it grows and its old views go blank.
    const big = readXmlTree(`<a><b>${'x'.repeat(24_000_000)}</b><c k="v">2</c></a>`).root!;
    expect(big.children[0]?.text.length).toBe(24_000_000);
    expect(plain(big.children[1]!)).toEqual({ ns: '', local: 'c', attrs: { k: 'v' }, text: '2', children: [] });
    expect(plain(root('<a><b>1</b></a>'))).toEqual(plain(before));
  });
});
