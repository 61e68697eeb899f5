/** BR-Z-01…10: VAT category Z, zero rated. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { ciiSellerTaxId, ciiTaxRepVatId, ublSellerTaxId, ublTaxRepVatId } from './vat-common.ts';
import { checkNoTaxFamily, type NoTaxFamily } from './vat-no-tax.ts';

const Z: NoTaxFamily = {
  prefix: 'BR-Z',
  code: 'Z',
  name: 'Zero rated',
  parties: {
    ubl: (inv) => ublSellerTaxId(inv) || ublTaxRepVatId(inv),
    cii: (inv) => ciiSellerTaxId(inv) || ciiTaxRepVatId(inv),
    message: 'requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63).',
  },
  exemptionRequired: false,
  ciiVatOnly: false,
};

export const checkZeroRated = (inv: Invoice, out: Finding[]): void => checkNoTaxFamily(inv, out, Z);
