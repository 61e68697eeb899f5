/**
 * The node sets the official rules quantify over, in model terms: which allowances count as
 * allowances, which VAT categories say "VAT", which breakdowns a context reaches. Each syntax
 * binding words them differently, and the difference is kept exactly.
 */
import type { AllowanceCharge, Invoice, Line, Party, Period, TaxCategory, TaxTotal, VatBreakdown } from '../model.ts';
import { bool, normalizedUpper, normalizeSpace } from './xpath.ts';

/** UBL `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'`. */
export const ublVat = (c: { scheme?: string | undefined }): boolean => normalizedUpper(c.scheme) === 'VAT';
/** CII `upper-case(ram:TypeCode) = 'VAT'` (no trimming). */
export const ciiVat = (c: { scheme?: string | undefined }): boolean => (c.scheme ?? '').toUpperCase() === 'VAT';
/** The VAT test of the document's own syntax, for rules both bindings word alike. */
export const isVat = (inv: Invoice, c: { scheme?: string | undefined }): boolean => (inv.syntax === 'ubl' ? ublVat(c) : ciiVat(c));

/** UBL `normalize-space(cbc:ID) = code`. */
export const ublCode = (c: TaxCategory, code: string): boolean => normalizeSpace(c.code) === code;
/** CII `ram:CategoryCode = code` (as written). */
export const ciiCode = (c: TaxCategory, code: string): boolean => c.code === code;

/** `cbc:ChargeIndicator = false()` (and the CII `udt:Indicator = false()`): a boolean cast. */
export const isAllowance = (ac: AllowanceCharge): boolean => bool(ac.chargeIndicator) === false;
export const isCharge = (ac: AllowanceCharge): boolean => bool(ac.chargeIndicator) === true;

/**
 * The allowances (or charges) a rule context reaches: UBL casts the indicator to a boolean, the
 * CII contexts compare it with the string 'false' / 'true' as written.
 */
export function contextAllowanceCharges(inv: Invoice, acs: readonly AllowanceCharge[], charge: boolean): AllowanceCharge[] {
  if (inv.syntax === 'ubl') return acs.filter(charge ? isCharge : isAllowance);
  const literal = charge ? 'true' : 'false';
  return acs.filter((ac) => ac.chargeIndicator === literal);
}

/**
 * The lines whose net amounts the sums add up (BR-CO-10, the category taxable amounts): all of
 * them, but a Factur-X EXTENDED group or information line (sub-type other than DETAIL), whose
 * amount its detail lines already carry.
 */
export const summedLines = (inv: Invoice): readonly Line[] => (inv.lines.some((l) => l.subtype !== undefined) ? inv.lines.filter(isDetailLine) : inv.lines);

/** A Factur-X EXTENDED line of sub-type DETAIL or none (`ram:LineStatusReasonCode = 'DETAIL'`, as written); outside EXTENDED, every line. */
export const isDetailLine = (line: Line): boolean => line.subtype === undefined || line.subtype === 'DETAIL';

/** Where a CII allowance-or-charge finding points: its ChargeIndicator, the official context node. */
export const allowanceChargeAt = (ac: AllowanceCharge): string => ac.indicatorAt ?? ac.at;

/**
 * The node sets below are asked for by every VAT category family, about a dozen times per
 * invoice: each is gathered once per invoice (the model is not changed after it is read).
 */
interface Gathered {
  allowanceCharges?: readonly AllowanceCharge[];
  lineCategories?: readonly TaxCategory[];
  allowanceChargeCategories?: readonly TaxCategory[];
  categoryCodes?: ReadonlySet<string>;
}
let gatheredFor: Invoice | undefined;
let gathered: Gathered = {};
function gatheredOf(inv: Invoice): Gathered {
  if (inv !== gatheredFor) {
    gatheredFor = inv;
    gathered = {};
  }
  return gathered;
}

/** All allowances and charges, document and line level, and in UBL any other (`//cac:AllowanceCharge`). */
export function allAllowanceCharges(inv: Invoice): readonly AllowanceCharge[] {
  const g = gatheredOf(inv);
  if (!g.allowanceCharges) {
    const out = [...inv.allowanceCharges];
    for (const line of inv.lines) out.push(...line.allowanceCharges);
    if (inv.elsewhere) out.push(...inv.elsewhere.allowanceCharges);
    g.allowanceCharges = out;
  }
  return g.allowanceCharges;
}

/** All line VAT categories (`//cac:ClassifiedTaxCategory`, sub-lines' included; the CII line ApplicableTradeTax). */
export function lineCategories(inv: Invoice): readonly TaxCategory[] {
  const g = gatheredOf(inv);
  if (!g.lineCategories) {
    const out: TaxCategory[] = [];
    for (const line of inv.lines) out.push(...line.taxCategories);
    if (inv.elsewhere) out.push(...inv.elsewhere.classifiedTaxCategories);
    g.lineCategories = out;
  }
  return g.lineCategories;
}

/** Tax categories of allowances or charges at any level (of those `which` keeps, when given). */
export function allowanceChargeCategories(inv: Invoice, which?: (ac: AllowanceCharge) => boolean): readonly TaxCategory[] {
  const g = gatheredOf(inv);
  if (!which && g.allowanceChargeCategories) return g.allowanceChargeCategories;
  const out: TaxCategory[] = [];
  for (const ac of allAllowanceCharges(inv)) if (!which || which(ac)) out.push(...ac.taxCategories);
  if (!which) g.allowanceChargeCategories = out;
  return out;
}

/**
 * Every VAT category code the invoice has, anywhere the model reads one (lines, allowances and
 * charges, breakdowns, and what is elsewhere), space-normalised: a superset of what either
 * binding's code test (ublCode, ciiCode) accepts.
 */
export function categoryCodes(inv: Invoice): ReadonlySet<string> {
  const g = gatheredOf(inv);
  if (!g.categoryCodes) {
    const codes = new Set<string>();
    const add = (c: TaxCategory) => codes.add(normalizeSpace(c.code));
    lineCategories(inv).forEach(add);
    allowanceChargeCategories(inv).forEach(add);
    for (const b of inv.vatBreakdown) add(b.category);
    for (const b of inv.elsewhere?.vatBreakdown ?? []) add(b.category);
    g.categoryCodes = codes;
  }
  return g.categoryCodes;
}

/**
 * The breakdowns the general VAT breakdown rules (BR-45…48, BR-CO-17, BR-DEC-19/20, CII BR-CO-03)
 * reach. In UBL their context, `cac:TaxTotal/cac:TaxSubtotal`, is unanchored: it also reaches a
 * line's own tax total. In CII, a breakdown in category O, L or M with type VAT is the context of
 * that category's own rules, which come first in the official pattern: the general ones skip it.
 */
export function generalBreakdowns(inv: Invoice): VatBreakdown[] {
  if (inv.syntax === 'ubl') return inv.elsewhere ? [...inv.vatBreakdown, ...inv.elsewhere.vatBreakdown] : inv.vatBreakdown;
  return inv.vatBreakdown.filter((b) => !(ciiVat(b.category) && (b.category.code === 'O' || b.category.code === 'L' || b.category.code === 'M')));
}

/** UBL `//cac:TaxCategory`: the breakdowns' categories, wherever their tax total is, and those of allowances and charges. */
export function ublTaxCategories(inv: Invoice): TaxCategory[] {
  return [...generalBreakdowns(inv).map((b) => b.category), ...allowanceChargeCategories(inv)];
}

/**
 * The invoicing periods the contexts of BR-29 and BR-CO-19 reach (UBL `cac:InvoicePeriod`,
 * unanchored: a sub-line's or a second one too), each with its VAT point date code (BT-8, UBL).
 */
export function invoicePeriods(inv: Invoice): (Period & { descriptionCode?: string | undefined })[] {
  const own = inv.invoicingPeriod ? [{ ...inv.invoicingPeriod, descriptionCode: inv.syntax === 'ubl' ? inv.vatPointDateCode : undefined }] : [];
  return [...own, ...(inv.elsewhere?.periods ?? [])];
}

/** The line periods the contexts of BR-30 and BR-CO-20 reach: each line's, and in UBL a line's second one too. */
export function linePeriods(inv: Invoice): Period[] {
  return [...inv.lines.flatMap((l) => (l.period ? [l.period] : [])), ...(inv.elsewhere?.linePeriods ?? [])];
}

/** UBL `//cac:TaxTotal`: the invoice's VAT totals and any other tax total. */
export const ublTaxTotals = (inv: Invoice): TaxTotal[] => (inv.elsewhere ? [...inv.taxTotals, ...inv.elsewhere.taxTotals] : inv.taxTotals);

/** The four parties the binding reads; `//cac:PartyTaxScheme` (or `//ram:SpecifiedTaxRegistration`) also reaches the others' (`elsewhere.taxRegistrations`). */
export function parties(inv: Invoice): Party[] {
  return [inv.seller, inv.buyer, inv.payee, inv.taxRepresentative].filter((p) => p !== undefined);
}
