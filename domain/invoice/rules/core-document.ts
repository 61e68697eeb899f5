/** Core rules on the document as a whole: BR-01…08, BR-10, BR-12…16, BR-52, BR-53, BR-55, BR-57. */
import type { Finding } from '../../finding.ts';
import type { Invoice, TaxTotal } from '../model.ts';
import { assert } from './report.ts';
import { ublTaxTotals } from './select.ts';
import { hasText } from './xpath.ts';

export function checkDocumentRules(inv: Invoice, out: Finding[]): void {
  const at = inv.at;
  assert(out, hasText(inv.specification), 'BR-01', 'BT-24', at, 'An invoice shall have a specification identifier (BT-24).');
  assert(out, hasText(inv.number), 'BR-02', 'BT-1', at, 'An invoice shall have an invoice number (BT-1).');
  assert(out, hasText(inv.issueDate), 'BR-03', 'BT-2', at, 'An invoice shall have an issue date (BT-2).');
  assert(out, hasText(inv.typeCode), 'BR-04', 'BT-3', at, 'An invoice shall have an invoice type code (BT-3).');
  assert(out, hasText(inv.currency), 'BR-05', 'BT-5', at, 'An invoice shall have an invoice currency code (BT-5).');
  assert(out, hasText(inv.seller?.name), 'BR-06', 'BT-27', at, 'An invoice shall contain the seller name (BT-27).');
  assert(out, hasText(inv.buyer?.name), 'BR-07', 'BT-44', at, 'An invoice shall contain the buyer name (BT-44).');
  assert(out, inv.seller?.address !== undefined, 'BR-08', 'BG-5', at, 'An invoice shall contain the seller postal address (BG-5).');
  assert(out, inv.buyer?.address !== undefined, 'BR-10', 'BG-8', at, 'An invoice shall contain the buyer postal address (BG-8).');
  const totals = inv.totals;
  if (totals) {
    assert(out, totals.lineTotal !== undefined, 'BR-12', 'BT-106', totals.at, 'An invoice shall have the sum of invoice line net amounts (BT-106).');
    assert(out, totals.taxExclusive !== undefined, 'BR-13', 'BT-109', totals.at, 'An invoice shall have the invoice total amount without VAT (BT-109).');
    assert(out, totals.taxInclusive !== undefined, 'BR-14', 'BT-112', totals.at, 'An invoice shall have the invoice total amount with VAT (BT-112).');
    assert(out, totals.payable !== undefined, 'BR-15', 'BT-115', totals.at, 'An invoice shall have the amount due for payment (BT-115).');
  }
  assert(out, inv.lines.length > 0, 'BR-16', 'BG-25', at, 'An invoice shall have at least one invoice line (BG-25).');
  checkVatAccountingTotal(inv, out);

  // The context (`cac:AdditionalDocumentReference`, `//ram:AdditionalReferencedDocument`) is unanchored.
  for (const doc of [...inv.supportingDocuments, ...(inv.elsewhere?.supportingDocuments ?? [])]) {
    assert(out, hasText(doc.reference), 'BR-52', 'BT-122', doc.at, 'Each additional supporting document (BG-24) shall have a reference (BT-122).');
  }
  // The CII context (//ram:AdditionalReferencedDocument) also reaches the lines' documents.
  if (inv.syntax === 'cii') {
    for (const line of inv.lines) {
      const doc = line.objectReference;
      if (doc) assert(out, hasText(doc.reference), 'BR-52', 'BT-122', doc.at, 'Each additional supporting document (BG-24) shall have a reference (BT-122).');
    }
  }
  // So is `cac:BillingReference`: a line's counts too.
  for (const ref of [...inv.precedingInvoices, ...(inv.elsewhere?.precedingInvoices ?? [])]) {
    const ok = inv.syntax === 'ubl' ? ref.reference !== undefined : hasText(ref.reference);
    assert(out, ok, 'BR-55', 'BT-25', ref.at, 'Each preceding invoice reference (BG-3) shall contain the preceding invoice number (BT-25).');
  }
  checkDeliverTo(inv, out);
}

/** BR-53: a VAT accounting currency (BT-6) needs the VAT total in that currency (BT-111). */
function checkVatAccountingTotal(inv: Invoice, out: Finding[]): void {
  const message = 'With a VAT accounting currency code (BT-6), the invoice total VAT amount in that currency (BT-111) shall be given.';
  const inTaxCurrency = (totals: readonly TaxTotal[]) => inv.vatCurrency !== undefined && totals.some((t) => t.currency === inv.vatCurrency);
  if (inv.syntax === 'ubl') {
    // `//cac:TaxTotal`: a line's own tax total counts too.
    assert(out, inv.vatCurrency === undefined || inTaxCurrency(ublTaxTotals(inv)), 'BR-53', 'BT-111', inv.at, message);
  } else if (inv.totals) {
    // CII also asks the accounting currency to differ from the invoice currency.
    const ok = inv.vatCurrency === undefined || (inTaxCurrency(inv.taxTotals) && !(inv.currency !== undefined && inv.vatCurrency === inv.currency));
    assert(out, ok, 'BR-53', 'BT-111', inv.totals.at, message);
  }
}

/** BR-57: a deliver-to address (BG-15) has a country code (BT-80). */
function checkDeliverTo(inv: Invoice, out: Finding[]): void {
  const message = 'Each deliver-to address (BG-15) shall contain a deliver-to country code (BT-80).';
  const delivery = inv.delivery;
  if (inv.syntax === 'ubl') {
    // `cac:Delivery/cac:DeliveryLocation/cac:Address`, unanchored: a line's delivery too.
    const addresses = [...(delivery?.address ? [delivery.address] : []), ...(inv.elsewhere?.deliverToAddresses ?? [])];
    for (const address of addresses) assert(out, address.countryCode !== undefined, 'BR-57', 'BT-80', address.at, message);
  } else if (delivery) {
    assert(out, delivery.address === undefined || hasText(delivery.address.countryCode), 'BR-57', 'BT-80', delivery.at, message);
  }
}
