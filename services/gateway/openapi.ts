/**
 * The gateway's API as OpenAPI 3.1, generated from the same zod schemas that validate requests,
 * so the description cannot drift from the code. Served at GET /openapi.json.
 */
import { z } from 'zod';
import { Finding } from '../../domain/finding.ts';
import { InvoiceSummary } from '../../domain/events.ts';
import { Mandate } from '../../domain/mandate/model.ts';
import { InvoiceStatus } from '../../domain/status/machine.ts';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional() }),
});

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'einvoice-pes gateway', version: '1', description: 'Invoice upload and status for suppliers; mandate intake for finance departments.' },
    paths: {
      '/invoices': {
        post: {
          summary: 'Upload an invoice (UBL 2.1, CII D16B or Factur-X PDF) as the request body',
          parameters: [{ name: 'x-file-name', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          responses: {
            '202': { description: 'Accepted for validation', content: json('UploadResult') },
            '200': { description: 'The same bytes were uploaded before: the same invoice', content: json('UploadResult') },
            '400': { description: 'Empty body', content: json('Error') },
          },
        },
      },
      '/invoices/{id}': {
        get: {
          summary: 'An invoice: status, findings, summary and its status trail',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The invoice', content: json('Invoice') }, '404': { description: 'Unknown id', content: json('Error') } },
        },
      },
      '/mandates': {
        post: {
          summary: 'Submit a mandate (mandat de dépense) paying one invoice',
          requestBody: { required: true, content: json('Mandate') },
          responses: {
            '202': { description: 'Accepted', content: json('MandateAccepted') },
            '200': { description: 'Already submitted (same collectivité and reference)', content: json('MandateAccepted') },
            '422': { description: 'Refused; every wrong field is named', content: json('Error') },
          },
        },
      },
      '/mandates/import': {
        post: {
          summary: 'Submit mandates in bulk from a CSV file (one row per mandate line)',
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { '200': { description: 'Per mandate: accepted or refused with its CSV lines and errors' } },
        },
      },
      '/mandates/{id}': {
        get: {
          summary: 'A mandate: submitted, waiting for its invoice, matched, or mismatch with the reasons',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The mandate' }, '404': { description: 'Unknown id', content: json('Error') } },
        },
      },
    },
    components: {
      schemas: {
        Mandate: schema(Mandate, 'input'),
        MandateAccepted: schema(z.object({ id: z.string(), duplicate: z.boolean() })),
        UploadResult: schema(z.object({ id: z.string(), duplicate: z.boolean(), status: InvoiceStatus })),
        Invoice: schema(
          z.object({
            id: z.string(),
            status: InvoiceStatus,
            statusAt: z.string(),
            findings: z.array(Finding).nullable(),
            summary: InvoiceSummary.nullable(),
            history: z.array(z.object({ from: InvoiceStatus.nullable(), to: InvoiceStatus, at: z.string(), cause: z.string(), source: z.string(), detail: z.unknown() })),
          }),
        ),
        Error: schema(ErrorBody),
      },
    },
  };
}
