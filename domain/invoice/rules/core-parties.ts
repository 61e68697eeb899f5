/** Core rules on the parties: BR-09, BR-11, BR-17…20, BR-56, BR-62, BR-63. */
import type { Finding } from '../../finding.ts';
import type { Identifier, Invoice, Party } from '../model.ts';
import { assert } from './report.ts';
import { ublVat } from './select.ts';
import { hasText } from './xpath.ts';

export function checkPartyRules(inv: Invoice, out: Finding[]): void {
  countryCode(inv, out, inv.seller, 'BR-09', 'BT-40', 'The seller postal address (BG-5) shall contain a seller country code (BT-40).');
  countryCode(inv, out, inv.buyer, 'BR-11', 'BT-55', 'The buyer postal address (BG-8) shall contain a buyer country code (BT-55).');
  checkPayee(inv, out);
  checkTaxRepresentative(inv, out);
  electronicAddress(inv, out, inv.seller, 'BR-62', 'BT-34', 'The seller electronic address (BT-34) shall have a scheme identifier.');
  electronicAddress(inv, out, inv.buyer, 'BR-63', 'BT-49', 'The buyer electronic address (BT-49) shall have a scheme identifier.');
}

/** UBL asks it of an address that is there; CII of the invoice, address or not. */
function countryCode(inv: Invoice, out: Finding[], party: Party | undefined, rule: string, term: string, message: string): void {
  if (inv.syntax === 'ubl') {
    const address = party?.address;
    if (address) assert(out, hasText(address.countryCode), rule, term, address.at, message);
  } else {
    assert(out, hasText(party?.address?.countryCode), rule, term, inv.at, message);
  }
}

/** UBL: the endpoint has a schemeID attribute. CII: the first URI communication has a non-blank one. */
function electronicAddress(inv: Invoice, out: Finding[], party: Party | undefined, rule: string, term: string, message: string): void {
  const address = party?.electronicAddress;
  if (inv.syntax === 'ubl') {
    if (address) assert(out, address.scheme !== undefined, rule, term, address.at, message);
  } else {
    assert(out, address === undefined || hasText(address.scheme), rule, term, inv.at, message);
  }
}

const sameId = (a: Identifier[], b: Identifier[]): boolean => a.some((x) => x.id !== undefined && b.some((y) => y.id === x.id));

/**
 * BR-17: a payee has a name and is not the seller. UBL compares the payee name with the seller's
 * trading name and the party identifiers; CII with the seller name, its ram:ID identifiers and
 * legal registration.
 */
function checkPayee(inv: Invoice, out: Finding[]): void {
  // CII `//ram:PayeeTradeParty` also reaches a payment term's payee, where the test's
  // `../../ram:ApplicableHeaderTradeAgreement` finds no seller: only the name is asked.
  for (const p of inv.elsewhere?.payees ?? []) assert(out, p.name !== undefined, 'BR-17', 'BT-59', p.at, PAYEE_MESSAGE);
  const payee = inv.payee;
  if (!payee) return;
  const seller = inv.seller;
  let differs: boolean;
  if (inv.syntax === 'ubl') {
    differs = !(payee.name !== undefined && payee.name === seller?.tradingName) && !sameId(payee.identifiers, seller?.identifiers ?? []);
  } else {
    const plain = (p: Party | undefined) => (p?.identifiers ?? []).filter((i) => !i.global);
    const legal = (p: Party | undefined) => (p?.legalRegistration ? [p.legalRegistration] : []);
    differs =
      !(payee.name !== undefined && payee.name === seller?.name) &&
      !sameId(plain(payee), plain(seller)) &&
      !sameId(legal(payee), legal(seller));
  }
  assert(out, payee.name !== undefined && differs, 'BR-17', 'BT-59', payee.at, PAYEE_MESSAGE);
}

const PAYEE_MESSAGE = 'The payee name (BT-59) shall be given when the payee (BG-10) differs from the seller (BG-4).';

function checkTaxRepresentative(inv: Invoice, out: Finding[]): void {
  const rep = inv.taxRepresentative;
  if (!rep) return;
  assert(out, hasText(rep.name), 'BR-18', 'BT-62', rep.at, 'A seller tax representative (BG-11) shall have a name (BT-62).');
  assert(out, rep.address !== undefined, 'BR-19', 'BG-12', rep.at, 'A seller tax representative (BG-11) shall have a postal address (BG-12).');
  const message = 'The seller tax representative postal address (BG-12) shall contain a country code (BT-69).';
  if (inv.syntax === 'ubl') {
    if (rep.address) assert(out, hasText(rep.address.countryCode), 'BR-20', 'BT-69', rep.address.at, message);
  } else {
    assert(out, hasText(rep.address?.countryCode), 'BR-20', 'BT-69', rep.at, message);
  }
  const vatId =
    inv.syntax === 'ubl'
      ? rep.taxRegistrations.some((r) => ublVat(r) && r.id !== undefined)
      : hasText(rep.taxRegistrations.find((r) => r.scheme === 'VA' && r.id !== undefined)?.id);
  assert(out, vatId, 'BR-56', 'BT-63', rep.at, 'A seller tax representative (BG-11) shall have a VAT identifier (BT-63).');
}
