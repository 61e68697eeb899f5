/**
 * The files embedded in a PDF (ISO 32000-1 §7.11.4, PDF/A-3 associated files): those of the
 * catalog's EmbeddedFiles name tree and those of its /AF array, each once. Data stays undecoded
 * until the caller picks one.
 */
import type { PdfDocument } from './document.ts';
import { isDict, isRef, isStream, malformed, nameOf, stringOf, textOf, type PdfDict, type PdfStream, type PdfValue } from './objects.ts';

export interface Attachment {
  /** The file's name: /UF, else /F, else its key in the name tree. */
  name: string;
  /** /AFRelationship (Data, Source, Alternative …) when the file is an associated file. */
  relationship?: string;
  stream: PdfStream;
}

/** A name tree of more nodes than this is not an invoice's (it has one or two files). */
const MAX_TREE_NODES = 10_000;
const MAX_TREE_DEPTH = 32;

export function attachments(doc: PdfDocument): Attachment[] {
  const catalog = doc.get(doc.trailer, 'Root');
  if (!isDict(catalog)) throw malformed('its document catalog is missing');
  const found: Attachment[] = [];
  const seen = new Set<PdfStream>();
  const add = (spec: PdfValue, key?: string) => {
    const file = fileSpec(doc, spec, key);
    if (file && !seen.has(file.stream)) {
      seen.add(file.stream);
      found.push(file);
    }
  };
  const names = doc.get(catalog, 'Names');
  if (isDict(names)) walkNameTree(doc, names.entries.get('EmbeddedFiles'), add);
  const af = doc.get(catalog, 'AF');
  if (Array.isArray(af)) for (const spec of af) add(spec);
  return found;
}

function walkNameTree(doc: PdfDocument, root: PdfValue | undefined, visit: (value: PdfValue, key: string) => void): void {
  const visited = new Set<number>();
  let nodes = 0;
  const walk = (ref: PdfValue | undefined, depth: number) => {
    if (isRef(ref)) {
      if (visited.has(ref.num)) return; // a loop in the tree
      visited.add(ref.num);
    }
    if (++nodes > MAX_TREE_NODES || depth > MAX_TREE_DEPTH) throw malformed('its EmbeddedFiles name tree is too large or too deep');
    const node = doc.resolve(ref);
    if (!isDict(node)) return;
    const pairs = doc.get(node, 'Names');
    if (Array.isArray(pairs)) {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const key = stringOf(doc.resolve(pairs[i]));
        visit(pairs[i + 1] ?? null, key ? textOf(key) : '');
      }
    }
    const kids = doc.get(node, 'Kids');
    if (Array.isArray(kids)) for (const kid of kids) walk(kid, depth + 1);
  };
  walk(root, 0);
}

function fileSpec(doc: PdfDocument, value: PdfValue, key: string | undefined): Attachment | undefined {
  const spec = doc.resolve(value);
  if (!isDict(spec)) return undefined;
  const ef = doc.get(spec, 'EF');
  if (!isDict(ef)) return undefined; // a reference to an outside file, not an embedded one
  const stream = doc.resolve(ef.entries.get('UF') ?? ef.entries.get('F'));
  if (!isStream(stream)) return undefined;
  const name = specName(doc, spec) ?? key ?? '';
  const relationship = nameOf(doc.get(spec, 'AFRelationship'));
  return { name, stream, ...(relationship ? { relationship } : {}) };
}

function specName(doc: PdfDocument, spec: PdfDict): string | undefined {
  for (const k of ['UF', 'F']) {
    const bytes = stringOf(doc.get(spec, k));
    if (bytes && bytes.length > 0) return textOf(bytes);
  }
  return undefined;
}
