/**
 * The canonical invoice seen by the French public-sector (Chorus Pro) rules: which facts they
 * look at (chorus/facts.ts), taken from the model, and the rules themselves (chorus/rules.ts).
 */
import { defined } from '../defined.ts';
import type { Finding } from '../finding.ts';
import { documentKindOf, type BuyerSettings } from './chorus/facts.ts';
import { chorusFindings } from './chorus/rules.ts';
import type { Invoice } from './model.ts';
import { partyId } from './summary.ts';

export type { BuyerSettings };

export function publicSectorFindings(inv: Invoice, buyer: BuyerSettings | undefined): Finding[] {
  const b = partyId(inv.buyer);
  const s = partyId(inv.seller);
  return chorusFindings(
    defined({
      documentKind: documentKindOf(inv.root, inv.typeCode),
      syntax: inv.syntax,
      buyerId: b?.id,
      buyerIdScheme: b?.scheme,
      sellerId: s?.id,
      sellerIdScheme: s?.scheme,
      sellerCountry: inv.seller?.address?.countryCode,
      buyerReference: inv.buyerReference,
      orderReference: inv.purchaseOrderReference,
      businessProcess: inv.businessProcess,
      precedingInvoices: inv.precedingInvoices.flatMap((p) => (p.reference ? [p.reference] : [])),
    }),
    buyer,
  );
}
