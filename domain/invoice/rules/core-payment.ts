/** Core rules on payment instructions: BR-49, BR-50, BR-51, BR-61. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { assert } from './report.ts';
import { hasText, normalizeSpace } from './xpath.ts';

/** Credit transfer codes: 30 credit transfer, 58 SEPA credit transfer. */
const CREDIT_TRANSFER = new Set(['30', '58']);

export function checkPaymentRules(inv: Invoice, out: Finding[]): void {
  const ubl = inv.syntax === 'ubl';
  for (const means of inv.paymentMeans) {
    assert(out, means.code !== undefined, 'BR-49', 'BT-81', means.at, 'A payment instruction (BG-16) shall specify the payment means type code (BT-81).');
    // The contexts compare the code as written; BR-61 (UBL) trims it.
    const creditTransfer = means.code !== undefined && CREDIT_TRANSFER.has(means.code);
    for (const account of means.creditTransfers) {
      if (!creditTransfer) continue;
      assert(out, hasText(account.accountId), 'BR-50', 'BT-84', account.at, 'A credit transfer (BG-17) shall have a payment account identifier (BT-84).');
      if (!ubl) assert(out, account.accountId !== undefined, 'BR-61', 'BT-84', account.at, 'A credit transfer payment means (BT-81 30 or 58) shall have a payment account identifier (BT-84).');
    }
    if (ubl) {
      const trimmed = CREDIT_TRANSFER.has(normalizeSpace(means.code));
      const ok = !trimmed || means.creditTransfers.some((a) => a.accountId !== undefined);
      assert(out, ok, 'BR-61', 'BT-84', means.at, 'A credit transfer payment means (BT-81 30 or 58) shall have a payment account identifier (BT-84).');
    }
    const card = means.card;
    if (card && (!ubl || card.primaryAccountNumber !== undefined)) {
      // Card payment security: no more than the first 6 and last 4 digits. UBL makes it a warning.
      const ok = [...normalizeSpace(card.primaryAccountNumber)].length <= 10;
      assert(out, ok, 'BR-51', 'BT-87', card.at, 'The card primary account number (BT-87) shall not be given in full (at most 10 characters).', ubl ? 'warning' : 'fatal');
    }
  }
}
