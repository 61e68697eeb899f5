/**
 * XSD validation with libxml2 compiled to WebAssembly (libxml2-wasm, pinned: its API is pre-1.0),
 * and the element tree of what it parsed, for the rules that come next (tree.ts): a document is
 * parsed once.
 *
 * Schemas are compiled once per process and reused. Every parsed document is disposed
 * (without it, wasm memory grows without bound). Hostile input is contained three ways:
 * documents are parsed without entity substitution and with external entities disabled,
 * the only file reader libxml2 gets is one that serves files under the schema directory,
 * and the caller's size cap runs before the huge-document option is ever used.
 */
import { closeSync, existsSync, openSync, readSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ParseOption,
  XmlDocument,
  XmlError,
  XsdValidator as WasmXsdValidator,
  xmlRegisterInputProvider,
  type ErrorDetail,
} from 'libxml2-wasm';
// The low-level bindings, for contexts that outlive one document (see ParserContext).
import {
  error as diagnostics,
  xmlCtxtSetErrorHandler,
  xmlFreeDoc,
  xmlFreeParserCtxt,
  xmlNewParserCtxt,
  xmlReadMemory,
  xmlSchemaNewValidCtxt,
  xmlSchemaSetValidStructuredErrors,
  xmlSchemaValidateDoc,
} from 'libxml2-wasm/lib/libxml2.mjs';
import {
  SCHEMA_FILES,
  type SchemaCatalog,
  type SchemaName,
  type XsdFinding,
  type XsdRead,
  type XsdValidator,
} from '../../domain/xml/xsd.ts';
import type { XmlElement } from '../../domain/xml/tree.ts';
import { readableXsdMessage } from '../../domain/xml/xsd-message.ts';
import { TreeReader } from './tree.ts';

/** Above this size libxml2 refuses text nodes unless told the document is huge. */
const LIBXML2_NORMAL_LIMIT = 10_000_000;

/** How every document and schema is parsed: no network, no external entity, true line numbers. */
const SAFE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

/**
 * Documents also drop the whitespace between elements (NOBLANKS): the schema ignores it in
 * element content, and not making a node of it takes about a fifth off parse and validation.
 * Whitespace that is an element's whole content is kept; a leaf whose text a comment, a
 * processing instruction or CDATA breaks is read from a second parse without it
 * (ParserContext.read). libxml2.test.ts checks that verdicts, messages and lines are the same with
 * and without it.
 * Exported for the benchmarks, which time the parse alone.
 */
export const DOCUMENT_OPTIONS = SAFE_OPTIONS | ParseOption.XML_PARSE_NOBLANKS;

export class SchemaMissingError extends Error {
  readonly code = 'SCHEMA_MISSING';
  readonly missing: string[];
  constructor(schemaDir: string, missing: string[]) {
    super(
      `schema directory ${schemaDir} lacks ${missing.join(', ')}; run scripts/setup-schemas.sh ` +
        `(or scripts/fetch-schemas.sh away from this repository's shared/ folder)`,
    );
    this.missing = missing;
  }
}

/** Throws SchemaMissingError naming every absent root schema among `names`. */
export function assertSchemas(schemaDir: string, names: readonly SchemaName[]): void {
  const missing = names.filter((n) => !existsSync(resolve(schemaDir, SCHEMA_FILES[n])));
  if (missing.length > 0) throw new SchemaMissingError(schemaDir, missing.map((n) => `${n} (${SCHEMA_FILES[n]})`));
}

/** Folders libxml2 may read from: the schema directories of the catalogs opened in this process. */
const allowedRoots = new Set<string>();

/** libxml2 resolves xs:import/xs:include through this reader, and through nothing else. */
function confineFileAccess(schemaDir: string): void {
  if (allowedRoots.size === 0) {
    const toPath = (name: string) => resolve(name.startsWith('file:') ? fileURLToPath(name) : name);
    xmlRegisterInputProvider({
      match: (name) => {
        const path = toPath(name);
        return [...allowedRoots].some((root) => path.startsWith(root));
      },
      open: (name) => {
        try {
          return openSync(toPath(name), 'r');
        } catch {
          return undefined;
        }
      },
      read: (fd, buf) => {
        try {
          return readSync(fd, buf);
        } catch {
          return -1;
        }
      },
      close: (fd) => {
        closeSync(fd);
        return true;
      },
    });
  }
  allowedRoots.add(resolve(schemaDir) + sep);
}

/** libxml2's diagnostics as findings; `fallback` when it gave none. Exported for libxml2.test.ts. */
export function toFindings(details: readonly ErrorDetail[], fallback: string, level: XsdFinding['level']): XsdFinding[] {
  if (details.length === 0) return [{ level, line: 0, column: 0, message: fallback }];
  return details.map((d) => ({
    level: d.level === 1 ? 'warning' : level,
    line: d.line,
    column: d.col,
    ...(d.xpath ? { path: d.xpath } : {}),
    message: readableXsdMessage(d.message.trim()),
  }));
}

/** libxml2's levels: 1 warning, 2 error, 3 fatal. */
const XML_ERR_ERROR = 2;

/**
 * One libxml2 parser context for a catalog's documents, with the list its diagnostics go to.
 *
 * `XmlDocument.fromBuffer` makes a parser context per document, and each new context builds its
 * name dictionary anew: reusing one takes about a sixth off the XSD stage (BENCHMARKS.md). It goes
 * through the package's low-level bindings, which the pinned version fixes; libxml2.test.ts checks
 * that verdicts, messages and lines are those of a fresh context. The dictionary keeps every name
 * the context has read, and documents choose their names, so the context is renewed after
 * `renewAfterBytes` of input.
 */
class ParserContext {
  /** Where libxml2's error callback puts the diagnostics of the current document. */
  readonly details: ErrorDetail[] = [];
  readonly slot = diagnostics.storage.allocate(this.details);
  private ctxt = 0;
  private bytesRead = 0;
  private readonly renewAfterBytes: number;
  constructor(renewAfterBytes: number) {
    this.renewAfterBytes = renewAfterBytes;
  }

  /** Reads the trees of the documents this context parses (their names are in its dictionary). */
  readonly tree = new TreeReader();

  /**
   * The document's tree (the caller frees it with xmlFreeDoc), or its diagnostics. `encoding`
   * overrides the document's declaration (for text already decoded and written as UTF-8).
   * `keepBlanks` parses without NOBLANKS.
   */
  parse(xml: Uint8Array, encoding: string | null = null, keepBlanks = false): { doc: number } | { findings: XsdFinding[] } {
    if (this.ctxt === 0 || this.bytesRead > this.renewAfterBytes) this.renew();
    this.bytesRead += xml.byteLength;
    this.details.length = 0;
    const options = keepBlanks ? SAFE_OPTIONS : DOCUMENT_OPTIONS;
    const option = options | (xml.byteLength > LIBXML2_NORMAL_LIMIT ? ParseOption.XML_PARSE_HUGE : 0);
    const doc = xmlReadMemory(this.ctxt, xml, null, encoding, option);
    // Warnings (level 1) leave a usable document; the schema decides, as with a fresh context.
    if (doc !== 0 && !this.details.some((d) => d.level >= XML_ERR_ERROR)) return { doc };
    if (doc !== 0) xmlFreeDoc(doc);
    return { findings: toFindings(this.details, 'Failed to parse XML', 'fatal') };
  }

  /**
   * The element tree of a document this context parsed (`doc`, freed by the caller) and
   * validated. When a leaf's text is broken by a comment, a processing instruction or CDATA,
   * NOBLANKS may have dropped whitespace of its value: the text is parsed again without it (a
   * rare document, which then costs a second parse), and that tree is read.
   */
  read(doc: number, xml: Uint8Array, encoding: string | null = null): XmlElement | undefined {
    const root = this.tree.read(doc);
    if (!this.tree.brokenText) return root;
    const again = this.parse(xml, encoding, true);
    if ('findings' in again) return root;
    try {
      return this.tree.read(again.doc);
    } finally {
      xmlFreeDoc(again.doc);
    }
  }

  private renew(): void {
    if (this.ctxt !== 0) xmlFreeParserCtxt(this.ctxt);
    this.tree.forgetNames();
    this.ctxt = xmlNewParserCtxt();
    xmlCtxtSetErrorHandler(this.ctxt, diagnostics.errorCollector, this.slot);
    this.bytesRead = 0;
  }
}

/** The pointer to a compiled schema, which libxml2-wasm (pinned) keeps in `_ptr`. */
const schemaPointer = (schema: WasmXsdValidator): number => (schema as unknown as { _ptr: number })._ptr;

class Libxml2Validator implements XsdValidator {
  /** Held so that libxml2-wasm's finalizer never frees the schema the context points to. */
  private readonly schema: WasmXsdValidator;
  /** A validation context, reused like the parser's: libxml2 resets it for each document. */
  private readonly vctxt: number;
  private readonly parser: ParserContext;
  constructor(schema: WasmXsdValidator, parser: ParserContext) {
    this.schema = schema;
    this.parser = parser;
    this.vctxt = xmlSchemaNewValidCtxt(schemaPointer(schema));
    xmlSchemaSetValidStructuredErrors(this.vctxt, diagnostics.errorCollector, parser.slot);
  }

  validate(xml: Uint8Array): XsdFinding[] {
    return this.check(xml, false).findings;
  }

  validateAndRead(xml: Uint8Array): XsdRead {
    return this.check(xml, true);
  }

  private check(xml: Uint8Array, read: boolean): XsdRead {
    const parsed = this.parser.parse(xml);
    if ('findings' in parsed) return parsed;
    const { details } = this.parser;
    try {
      details.length = 0;
      const ret = xmlSchemaValidateDoc(this.vctxt, parsed.doc);
      if (ret < 0) throw new XmlError('libxml2 could not run the schema validation (internal error)');
      const findings = ret === 0 ? [] : toFindings(details, 'The document does not match the schema', 'error');
      const root = read ? this.parser.read(parsed.doc, xml) : undefined;
      return root ? { findings, root, depth: this.parser.tree.depth } : { findings };
    } finally {
      xmlFreeDoc(parsed.doc);
    }
  }
}

/**
 * libxml2-wasm's own validator for one of the official schemas, compiled. The catalog wraps it;
 * tests and benchmarks use it bare, to parse documents with other options.
 */
export function compileSchema(schemaDir: string, name: SchemaName): WasmXsdValidator {
  const dir = resolve(schemaDir);
  confineFileAccess(dir);
  assertSchemas(dir, [name]);
  const path = resolve(dir, SCHEMA_FILES[name]);
  const xsdDoc = XmlDocument.fromBuffer(readFileSync(path), { url: path, option: SAFE_OPTIONS });
  try {
    return WasmXsdValidator.fromDoc(xsdDoc);
  } finally {
    xsdDoc.dispose();
  }
}

/**
 * Input read through one parser context before it is renewed: 16 MB, a thousand invoices or so.
 * A new context costs microseconds; its dictionary, at worst as large as the input it read,
 * lives in WebAssembly memory, which never shrinks.
 */
const RENEW_PARSER_AFTER_BYTES = 16 * 1024 * 1024;

/**
 * A catalog over `schemaDir` (the folder that holds ubl-2.1/, cii-d16b/, pes-v2/ …). Its
 * validators share one parser context, so a catalog serves one thread (each worker opens its own).
 */
export function openSchemaCatalog(schemaDir: string, options: { renewParserAfterBytes?: number } = {}): SchemaCatalog {
  const dir = resolve(schemaDir);
  confineFileAccess(dir);
  const parser = new ParserContext(options.renewParserAfterBytes ?? RENEW_PARSER_AFTER_BYTES);
  const compiled = new Map<SchemaName, XsdValidator>();
  return {
    validator(name) {
      let v = compiled.get(name);
      if (v === undefined) {
        v = new Libxml2Validator(compileSchema(dir, name), parser);
        compiled.set(name, v);
      }
      return v;
    },
  };
}

/** The parser context of readXmlTree, made on first use. */
let reading: ParserContext | undefined;

/**
 * A document's element tree, parsed as the XSD stage parses it, without a schema: for what reads
 * documents that need no validation, or whose validation happens elsewhere (the rule tests).
 * A string is read as UTF-8 whatever its declaration says; bytes as they declare.
 */
export function readXmlTree(xml: Uint8Array | string): { findings: XsdFinding[]; root?: XmlElement } {
  reading ??= new ParserContext(RENEW_PARSER_AFTER_BYTES);
  const bytes = typeof xml === 'string' ? Buffer.from(xml) : xml;
  const encoding = typeof xml === 'string' ? 'UTF-8' : null;
  const parsed = reading.parse(bytes, encoding);
  if ('findings' in parsed) return parsed;
  try {
    const root = reading.read(parsed.doc, bytes, encoding);
    return root ? { findings: [], root } : { findings: [] };
  } finally {
    xmlFreeDoc(parsed.doc);
  }
}
