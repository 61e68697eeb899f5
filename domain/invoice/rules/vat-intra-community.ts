/** BR-IC-01…12: VAT category K, intra-community supply (VAT exempt for EEA intra-community supply). */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { ciiBreakdowns, ciiBuyerVatId, ciiSellerVatId, ciiTaxRepVatId, check, ublBreakdowns, ublBuyerVatId, ublSellerVatId, ublTaxRepVatId } from './vat-common.ts';
import { checkNoTaxFamily, type NoTaxFamily } from './vat-no-tax.ts';

const K: NoTaxFamily = {
  prefix: 'BR-IC',
  code: 'K',
  name: 'Intra-community supply',
  parties: {
    ubl: (inv) => (ublSellerVatId(inv) || ublTaxRepVatId(inv)) && ublBuyerVatId(inv),
    cii: (inv) => (ciiSellerVatId(inv) || ciiTaxRepVatId(inv)) && ciiBuyerVatId(inv),
    message: 'requires the seller VAT identifier (BT-31) or tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48).',
  },
  exemptionRequired: true,
  ciiVatOnly: true,
};

const DELIVERY_DATE = 'the actual delivery date (BT-72) or the invoicing period (BG-14) shall be given.';
const DELIVERY_COUNTRY = 'the deliver-to country code (BT-80) shall be given.';

export function checkIntraCommunity(inv: Invoice, out: Finding[]): void {
  checkNoTaxFamily(inv, out, K);
  const period = inv.invoicingPeriod;
  if (inv.syntax === 'ubl') {
    // BR-IC-11/12 (UBL): once per invoice, on the lengths of the values as written.
    if (ublBreakdowns(inv, 'K').length === 0) return;
    const dated = [...(inv.delivery?.date ?? '')].length > 1 || (period !== undefined && (period.start !== undefined || period.end !== undefined || inv.vatPointDateCode !== undefined));
    check(out, K, 11, dated, inv.at, DELIVERY_DATE, 'BT-72');
    check(out, K, 12, [...(inv.delivery?.address?.countryCode ?? '')].length > 1, inv.at, DELIVERY_COUNTRY, 'BT-80');
    return;
  }
  // CII: once per breakdown in K, on the elements being there.
  for (const b of ciiBreakdowns(inv, 'K', true)) {
    check(out, K, 11, inv.delivery?.date !== undefined || period?.start !== undefined || period?.end !== undefined, b.at, DELIVERY_DATE, 'BT-72');
    check(out, K, 12, inv.delivery?.address?.countryCode !== undefined, b.at, DELIVERY_COUNTRY, 'BT-80');
  }
}
