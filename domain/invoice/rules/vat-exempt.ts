/** BR-E-01…10: VAT category E, exempt from VAT. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { ciiSellerTaxId, ciiTaxRepVatId, ublSellerTaxId, ublTaxRepVatId } from './vat-common.ts';
import { checkNoTaxFamily, type NoTaxFamily } from './vat-no-tax.ts';

const E: NoTaxFamily = {
  prefix: 'BR-E',
  code: 'E',
  name: 'Exempt from VAT',
  parties: {
    ubl: (inv) => ublSellerTaxId(inv) || ublTaxRepVatId(inv),
    cii: (inv) => ciiSellerTaxId(inv) || ciiTaxRepVatId(inv),
    message: 'requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63).',
  },
  exemptionRequired: true,
  ciiVatOnly: true,
};

export const checkExempt = (inv: Invoice, out: Finding[]): void => checkNoTaxFamily(inv, out, E);
