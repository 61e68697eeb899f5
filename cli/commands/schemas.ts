import { resolve } from 'node:path';
import type { SchemaCatalog } from '../../domain/xml/xsd.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';

/** The same schema directory the services read (SCHEMA_DIR, default schemas/official). */
export const cliCatalog = (): SchemaCatalog => openSchemaCatalog(process.env.SCHEMA_DIR ?? resolve(import.meta.dirname, '../../schemas/official'));
