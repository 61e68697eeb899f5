/**
 * Reading the files the treasury sends back (acknowledgments, PES_Retour): bytes decoded by
 * their XML declaration (ISO-8859-1 in real files, UTF-8 in some skeletons), parsed into a
 * plain element tree by local name (scan.ts), values taken from `V` attributes. What deviates
 * is reported, not thrown: only a document that cannot be read at all throws XmlReadError.
 */
import iconv from 'iconv-lite';
import type { Finding } from '../finding.ts';
import { scanXml, XmlReadError, type XmlElement } from './scan.ts';

export interface XmlDocument {
  root: XmlElement;
  /** The root element's namespace, if declared. */
  namespace: string | undefined;
  /** The encoding the bytes were decoded with, as declared (UTF-8 when undeclared). */
  encoding: string;
}

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const encoding = /^(?:\u00EF\u00BB\u00BF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toUpperCase() ?? 'UTF-8';
  if (encoding === 'UTF-8' || encoding === 'UTF8') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding };
    } catch {
      throw new XmlReadError('XML_ENCODING', 'the bytes are not valid UTF-8');
    }
  }
  const unsupported = `unsupported encoding ${encoding}`;
  if (!iconv.encodingExists(encoding)) throw new XmlReadError('XML_ENCODING', unsupported);
  return { text: iconv.decode(Buffer.from(bytes), encoding), encoding };
}

/** Decodes and parses; throws XmlReadError when the bytes are not one well-formed XML document. */
export function readXml(bytes: Uint8Array): XmlDocument {
  const { text, encoding } = decode(bytes);
  const root = scanXml(text);
  const namespace = root.attributes[root.prefix === undefined ? 'xmlns' : `xmlns:${root.prefix}`];
  return { root, namespace, encoding };
}

export const childNamed = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.find((c) => c.name === name);
export const childrenNamed = (e: XmlElement | undefined, name: string): XmlElement[] => e?.children.filter((c) => c.name === name) ?? [];

/**
 * Takes `V` values out of a document, collecting warnings as it goes. A value written as
 * text instead of `V` is still taken, and reported.
 */
export class Reading {
  readonly findings: Finding[] = [];
  private readonly rulePrefix: string;
  constructor(rulePrefix: string) {
    this.rulePrefix = rulePrefix;
  }

  warn(rule: string, location: string, message: string): void {
    this.findings.push({ rule: `${this.rulePrefix}-${rule}`, severity: 'warning', location, message });
  }

  /** The value of `parent/name`, or undefined when the element is absent. */
  value(parent: XmlElement | undefined, name: string, path: string): string | undefined {
    const e = childNamed(parent, name);
    if (!e) return undefined;
    const v = e.attributes.V;
    if (v !== undefined) return v;
    const text = e.text.trim();
    this.warn('NO-V', `${path}/${name}`, text === '' ? `${name} has no V attribute: ignored` : `${name} carries its value as text instead of a V attribute`);
    return text === '' ? undefined : text;
  }
}
