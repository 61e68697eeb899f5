import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.ts';

describe('gateway OpenAPI document', () => {
  it('describes the mandate with the rules the API enforces', () => {
    const doc = openApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, { pattern?: string }>; required?: string[] }> } };
    expect(Object.keys(doc.paths)).toEqual(['/invoices', '/invoices/{id}', '/mandates', '/mandates/import', '/mandates/{id}']);
    const mandate = doc.components.schemas.Mandate!;
    expect(mandate.properties?.idColl?.pattern).toBe('^\\d{14}$');
    expect(mandate.required).toEqual(expect.arrayContaining(['reference', 'idColl', 'exer', 'supplier', 'invoice', 'lines']));
  });
});
