import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import type { MandateInput } from '../../domain/mandate/model.ts';
import { BuyerEntry, upsertBuyer } from '../../platform/store/directory.ts';
import { ROOT } from './paths.ts';

const FR_INVOICE = readFileSync(resolve(ROOT, 'fixtures/invoices/fr-mairie-fournitures.ubl.xml'), 'utf8');
const FR_MANDATE = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/mandates/fr-mairie-fournitures.json'), 'utf8')) as MandateInput;

/** The French fixture invoice under another number: distinct bytes, so a distinct invoice. */
export const frenchInvoice = (number = 'FA-2026-00042'): Buffer => Buffer.from(FR_INVOICE.replaceAll('FA-2026-00042', number), 'utf8');

/** The fixture invoice's mandate, for the invoice of that number. */
export const frenchMandate = (number = 'FA-2026-00042'): MandateInput => ({
  ...FR_MANDATE,
  reference: `MDT-${number}`,
  invoice: { ...FR_MANDATE.invoice, number },
});

export async function seedDirectory(pool: pg.Pool): Promise<BuyerEntry[]> {
  const buyers = (JSON.parse(readFileSync(resolve(ROOT, 'fixtures/directory/buyers.json'), 'utf8')) as unknown[]).map((b) => BuyerEntry.parse(b));
  for (const b of buyers) await upsertBuyer(pool, b);
  return buyers;
}
