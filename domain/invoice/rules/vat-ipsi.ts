/** BR-AG-01…10: VAT category M, IPSI (tax on production, services and importation in Ceuta and Melilla). */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { checkLocalTaxFamily, type LocalTaxFamily } from './vat-local-tax.ts';

const M: LocalTaxFamily = {
  prefix: 'BR-AG',
  code: 'M',
  name: 'IPSI',
  ublRawBreakdownNeedsVat: true,
  ublRawChargeExemption: false,
  ciiPositiveRate: false,
};

export const checkIpsi = (inv: Invoice, out: Finding[]): void => checkLocalTaxFamily(inv, out, M);
