/** BR-AE-01…10: VAT category AE, VAT reverse charge. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { buyerLegalId, ciiBuyerVatId, ciiSellerTaxId, ciiTaxRepVatId, ublBuyerVatId, ublSellerTaxId, ublTaxRepVatId } from './vat-common.ts';
import { checkNoTaxFamily, type NoTaxFamily } from './vat-no-tax.ts';

const AE: NoTaxFamily = {
  prefix: 'BR-AE',
  code: 'AE',
  name: 'Reverse charge',
  parties: {
    ubl: (inv) => (ublSellerTaxId(inv) || ublTaxRepVatId(inv)) && (ublBuyerVatId(inv) || buyerLegalId(inv)),
    cii: (inv) => (ciiSellerTaxId(inv) || ciiTaxRepVatId(inv)) && (ciiBuyerVatId(inv) || buyerLegalId(inv)),
    message:
      'requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48) or legal registration identifier (BT-47).',
  },
  exemptionRequired: true,
  ciiVatOnly: true,
};

export const checkReverseCharge = (inv: Invoice, out: Finding[]): void => checkNoTaxFamily(inv, out, AE);
