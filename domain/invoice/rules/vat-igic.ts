/** BR-AF-01…10: VAT category L, IGIC (Canary Islands general indirect tax). */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { checkLocalTaxFamily, type LocalTaxFamily } from './vat-local-tax.ts';

const L: LocalTaxFamily = {
  prefix: 'BR-AF',
  code: 'L',
  name: 'IGIC',
  ublRawBreakdownNeedsVat: false,
  ublRawChargeExemption: true,
  ciiPositiveRate: true,
};

export const checkIgic = (inv: Invoice, out: Finding[]): void => checkLocalTaxFamily(inv, out, L);
