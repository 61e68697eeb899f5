import { describe, expect, it } from 'vitest';
import { walk } from './walk.ts';
import { child, parseXml } from './xml.ts';

describe('parseXml', () => {
  it('resolves prefixes to namespace URIs, whatever the document calls them', () => {
    const root = parseXml('<x:a xmlns:x="urn:a" xmlns="urn:default"><b/><y:c xmlns:y="urn:a"/></x:a>')!;
    expect(root).toMatchObject({ ns: 'urn:a', local: 'a' });
    expect(root.children.map((c) => [c.ns, c.local])).toEqual([
      ['urn:default', 'b'],
      ['urn:a', 'c'],
    ]);
    expect(child(root, 'urn:a', 'c')).toBeDefined();
  });

  it('resolves a name again in each document and scope, though names are kept across documents', () => {
    expect(parseXml('<p:a xmlns:p="urn:one"><p:b/></p:a>')!.children[0]).toMatchObject({ ns: 'urn:one', local: 'b' });
    const root = parseXml('<p:a xmlns:p="urn:two"><p:b/><q xmlns:p="urn:three"><p:b/></q><p:b/></p:a>')!;
    expect(root.children.map((c) => c.children[0]?.ns ?? c.ns)).toEqual(['urn:two', 'urn:three', 'urn:two']);
  });

  it('reads each name as written when the next name differs from the one that followed it before', () => {
    const names = (xml: string) => {
      const out: string[] = [];
      walk(parseXml(xml)!, (el) => out.push(el.local));
      return out;
    };
    expect(names('<r><ab/><abc/><x>t</x></r>')).toEqual(['r', 'ab', 'abc', 'x']);
    // After ab came abc: now a longer name, a shorter one, one cut by the end, and the same again.
    expect(names('<r><ab/><abcd/><ab/><ab>1</ab><ab/><abc/><x/></r>')).toEqual(['r', 'ab', 'abcd', 'ab', 'ab', 'ab', 'abc', 'x']);
    expect(names('<r><ab/><ab')).toEqual(['r', 'ab', 'ab']);
  });

  it('keeps unprefixed attributes and character data as written, references resolved', () => {
    const root = parseXml('<?xml version="1.0"?><!-- note --><a k="1 &amp; 2" xsi:t="x" xmlns:xsi="urn:xsi">  x &lt; y &#x41;&#66; <![CDATA[<raw>]]></a>')!;
    expect(root.attrs).toEqual({ k: '1 & 2' });
    expect(root.text).toBe('  x < y AB <raw>');
  });

  it('normalises line ends in text and whitespace in attributes, as an XML processor does', () => {
    const root = parseXml('<a k="x\r\ny">1\r\n2\r3</a>')!;
    expect(root.text).toBe('1\n2\n3');
    expect(root.attrs.k).toBe('x y');
  });

  it('skips a byte order mark, a DOCTYPE and processing instructions', () => {
    const root = parseXml('\ufeff<!DOCTYPE a [<!ENTITY e "z">]><?pi x?><a><?pi y?>t</a>')!;
    expect(root.local).toBe('a');
    expect(root.text).toBe('t');
  });

  it('never throws on broken input: it returns what it could read', () => {
    expect(parseXml('not xml')).toBeUndefined();
    expect(parseXml('')).toBeUndefined();
    const root = parseXml('<a><b>text</a>')!;
    expect(root.children[0]).toMatchObject({ local: 'b', text: 'text' });
    expect(parseXml('<a><b></c></a>')?.children[0]?.local).toBe('b');
  });
});

describe('deep documents', () => {
  it('are read and walked without recursion', () => {
    const depth = 100_000;
    const root = parseXml(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`)!;
    let deepest = 0;
    walk(root, (_el, ancestors) => {
      deepest = Math.max(deepest, ancestors.length);
    });
    expect(deepest).toBe(depth - 1);
  });
});
