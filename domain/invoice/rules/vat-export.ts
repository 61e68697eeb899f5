/** BR-G-01…10: VAT category G, export outside the EU. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { ciiSellerVatId, ciiTaxRepVatId, ublSellerVatId, ublTaxRepVatId } from './vat-common.ts';
import { checkNoTaxFamily, type NoTaxFamily } from './vat-no-tax.ts';

const G: NoTaxFamily = {
  prefix: 'BR-G',
  code: 'G',
  name: 'Export outside the EU',
  parties: {
    ubl: (inv) => ublSellerVatId(inv) || ublTaxRepVatId(inv),
    cii: (inv) => ciiSellerVatId(inv) || ciiTaxRepVatId(inv),
    message: 'requires the seller VAT identifier (BT-31) or tax representative VAT identifier (BT-63).',
  },
  exemptionRequired: true,
  ciiVatOnly: true,
};

export const checkExport = (inv: Invoice, out: Finding[]): void => checkNoTaxFamily(inv, out, G);
