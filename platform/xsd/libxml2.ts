/**
 * XSD validation with libxml2 compiled to WebAssembly (libxml2-wasm, pinned: its API is pre-1.0).
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
  XmlLibError,
  XsdValidator as WasmXsdValidator,
  xmlRegisterInputProvider,
  type ErrorDetail,
} from 'libxml2-wasm';
import {
  SCHEMA_FILES,
  type SchemaCatalog,
  type SchemaName,
  type XsdFinding,
  type XsdValidator,
} from '../../domain/xml/xsd.ts';
import { readableXsdMessage } from '../../domain/xml/xsd-message.ts';

/** Above this size libxml2 refuses text nodes unless told the document is huge. */
const LIBXML2_NORMAL_LIMIT = 10_000_000;

/** How every document and schema is parsed: no network, no external entity, true line numbers. */
const SAFE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

/**
 * Documents also drop the whitespace between elements (NOBLANKS): the schema ignores it in
 * element content, and not making a node of it takes about a fifth off parse and validation.
 * Whitespace that is an element's whole content is kept. libxml2.test.ts checks that verdicts,
 * messages and lines are the same with and without it.
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

function toFindings(details: ErrorDetail[], fallback: string, level: XsdFinding['level']): XsdFinding[] {
  if (details.length === 0) return [{ level, line: 0, column: 0, message: fallback }];
  return details.map((d) => ({
    level: d.level === 1 ? 'warning' : level,
    line: d.line,
    column: d.col,
    ...(d.xpath ? { path: d.xpath } : {}),
    message: readableXsdMessage(d.message.trim()),
  }));
}

class Libxml2Validator implements XsdValidator {
  private readonly schema: WasmXsdValidator;
  constructor(schema: WasmXsdValidator) {
    this.schema = schema;
  }

  validate(xml: Uint8Array): XsdFinding[] {
    const option = DOCUMENT_OPTIONS | (xml.byteLength > LIBXML2_NORMAL_LIMIT ? ParseOption.XML_PARSE_HUGE : 0);
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromBuffer(xml, { option });
    } catch (err) {
      if (err instanceof XmlLibError) return toFindings(err.details, err.message, 'fatal');
      throw err;
    }
    try {
      this.schema.validate(doc);
      return [];
    } catch (err) {
      if (err instanceof XmlLibError) return toFindings(err.details, err.message, 'error');
      throw err;
    } finally {
      doc.dispose();
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

/** A catalog over `schemaDir` (the folder that holds ubl-2.1/, cii-d16b/, pes-v2/ …). */
export function openSchemaCatalog(schemaDir: string): SchemaCatalog {
  const dir = resolve(schemaDir);
  confineFileAccess(dir);
  const compiled = new Map<SchemaName, XsdValidator>();
  return {
    validator(name) {
      let v = compiled.get(name);
      if (v === undefined) {
        v = new Libxml2Validator(compileSchema(dir, name));
        compiled.set(name, v);
      }
      return v;
    },
  };
}
