import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { checkDocument } from './en16931.ts';
import { buildPdf, deepXml, flateFile } from './intake/hostile.ts';
import { intake, type IntakeLimitsInput } from './intake/index.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { mutantsOf } from '../../tests/conformance/mutants.ts';
import { checkInvoice, checkInvoices } from './validate.ts';

const catalog = openSchemaCatalog(SCHEMA_DIR);
const check = (bytes: Uint8Array | string) => checkInvoice(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, { catalog });
const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

describe('checkInvoice: the validator path', () => {
  it('accepts all 34 official EN 16931 examples, and summarizes them', () => {
    for (const { name, bytes } of officialExamples()) {
      const r = check(bytes);
      expect(r.findings.filter((x) => x.severity === 'fatal'), name).toEqual([]);
      expect(r.accepted && r.summary?.number, name).toBeTruthy();
    }
  });

  it('reports malformed XML with its line, and stops there', () => {
    const r = check(`<Invoice xmlns="${UBL}">\n<cbc:ID>1</Invoice>`);
    expect(r.accepted).toBe(false);
    expect(r.findings[0]).toMatchObject({ rule: 'XML-MALFORMED', severity: 'fatal', line: 2 });
  });

  it('refuses a 100,000-deep document as too deep', () => {
    const deep = `<Invoice xmlns="${UBL}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Invoice>`;
    expect(check(deep).findings.map((f) => f.rule)).toEqual(['XML-TOO-DEEP']);
  });

  // The depth is checked on libxml2's tree, or by intake's scan when the parse failed: the
  // verdict must be the one intake gives when it scans the whole text before any parser.
  it.each([
    ['one level too deep (libxml2 refuses it too)', deepXml(256), {}],
    ['far too deep', deepXml(300), {}],
    ['too deep under a lower limit (libxml2 reads the tree)', deepXml(20), { maxDepth: 10 }],
    ['an official example under a limit it exceeds', readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8'), { maxDepth: 3 }],
    ['an unsupported root, too deep', `<Other>${'<a>'.repeat(300)}${'</a>'.repeat(300)}</Other>`, {}],
    ['too deep and malformed after', `${deepXml(300)}<`, {}],
    ['too deep, ISO-8859-1', `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- é -->${deepXml(260)}`, {}],
  ])('refuses %s exactly as intake does', (_, xml, limits: IntakeLimitsInput) => {
    const bytes = Buffer.from(xml, 'latin1');
    const scanned = intake(bytes, limits);
    expect(scanned.ok ? [] : scanned.findings.map((f) => f.rule)).toEqual(['XML-TOO-DEEP']);
    expect(checkInvoice(bytes, { catalog, limits })).toEqual({ accepted: false, findings: scanned.ok ? [] : scanned.findings });
  });

  it.each([
    ['as deep as the limit', deepXml(255), {}],
    ['as deep as a lower limit', deepXml(20), { maxDepth: 21 }],
  ])('does not call a document %s too deep', (_, xml, limits: IntakeLimitsInput) => {
    expect(intake(Buffer.from(xml), limits).ok).toBe(true);
    const r = checkInvoice(Buffer.from(xml), { catalog, limits });
    expect(r.findings.map((f) => f.rule)).toEqual(['XSD']);
  });

  it('names the XSD violation with its path', () => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8').replace('<cbc:IssueDate>', '<cbc:Unknown>x</cbc:Unknown><cbc:IssueDate>');
    const r = check(ubl);
    expect(r.findings[0]).toMatchObject({ rule: 'XSD', severity: 'fatal', location: expect.stringContaining('Unknown') as string });
  });

  // The XSD engine drops whitespace between elements (NOBLANKS); what an element holds is still checked.
  it.each([
    ['whitespace alone', '<cbc:IssueDate>  </cbc:IssueDate>'],
    ['whitespace around a comment', '<cbc:IssueDate> <!-- no date --> </cbc:IssueDate>'],
  ])('rejects an issue date of %s, at its line', (_, element) => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8').replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, element);
    const line = ubl.slice(0, ubl.indexOf(element)).split('\n').length;
    const r = check(ubl);
    expect(r.accepted).toBe(false);
    expect(r.findings[0]).toMatchObject({ rule: 'XSD', line, message: expect.stringContaining('IssueDate') as string });
  });

  it('reports the line of a violation after indented content', () => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8');
    const at = ubl.lastIndexOf('</cac:InvoiceLine>');
    const broken = `${ubl.slice(0, at)}\n\n    <cbc:Unknown>x</cbc:Unknown>\n${ubl.slice(at)}`;
    expect(check(broken).findings[0]).toMatchObject({ rule: 'XSD', line: broken.slice(0, broken.indexOf('<cbc:Unknown>')).split('\n').length });
  });
});

describe('checkInvoices: a batch, stage by stage', () => {
  it('judges each invoice of a mixed batch exactly as checkInvoice does alone', () => {
    const examples = officialExamples(40_000).map((e) => ({ name: e.name, syntax: e.syntax, xml: e.bytes.toString('utf8') }));
    const facturx = readdirSync(join(SAMPLES_DIR, 'facturx')).filter((f) => f.endsWith('.pdf'));
    const batch = [
      ...examples.map((e) => Buffer.from(e.xml)),
      ...mutantsOf(examples, 2).map((m) => Buffer.from(m.xml)),
      ...facturx.map((f) => readFileSync(join(SAMPLES_DIR, 'facturx', f))),
      Buffer.from(`<Invoice xmlns="${UBL}">\n<cbc:ID>1</Invoice>`),
      Buffer.from('%PDF-1.7 no attachment'),
      Buffer.from('not an invoice'),
    ];
    const alone = batch.map((bytes) => checkInvoice(bytes, { catalog }));
    const together = checkInvoices(batch, { catalog });
    expect(together).toHaveLength(batch.length);
    // Every kind of outcome is in the batch: accepted, rejected by the rules, by the XSD, at intake.
    const outcomes = new Set(alone.map((r) => (r.accepted ? 'accepted' : r.invoice ? 'rules' : r.format ? 'xsd' : 'intake')));
    expect([...outcomes].sort()).toEqual(['accepted', 'intake', 'rules', 'xsd']);
    for (let i = 0; i < batch.length; i++) expect(JSON.stringify(together[i]), `document ${i}`).toBe(JSON.stringify(alone[i]));
  });
});

describe('checkInvoice: the reference Factur-X PDFs (shared/samples/facturx)', () => {
  const facturx = (name: string) => readFileSync(join(SAMPLES_DIR, 'facturx', name));
  const fatal = (name: string) => check(facturx(name)).findings.filter((f) => f.severity === 'fatal').map((f) => f.rule);

  it.each([
    ['MINIMUM_Rechnung_fx.pdf'],
    ['BASIC-WL_Einfach_fx.pdf'],
    ['validAvoir_FR_type380_BASICWL.pdf'],
    ['BASIC_Einfach_fx.pdf'],
    ['EN16931_Einfach_fx.pdf'],
    ['EXTENDED_Warenrechnung_fx.pdf'],
    ['EXTENDED_Projektabschlussrechnung_fx.pdf'],
    ['XRECHNUNG_Einfach_fx.pdf'],
    ['invoice_EN16931.pdf'],
  ])('accepts %s', (name) => {
    expect(fatal(name)).toEqual([]);
  });

  // The EN 16931 Schematron (scripts/oracle/oracle.sh cii) raises the same BR rules on the ERP's
  // XML; Factur-X's EXTENDED one (oracle.sh facturx EXTENDED) reports the same three schemeID
  // attributes as not used.
  it.each([
    ['MustangGnuaccountingBeispielRE-20201121_508blankoA3.pdf', ['FACTURX-NO-XML']],
    [
      'ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf',
      ['BR-17', 'BR-CL-08', 'BR-CL-08', 'BR-CL-08', 'BR-CL-11', 'BR-CL-11', 'BR-CL-11', 'FACTURX-NOT-USED', 'FACTURX-NOT-USED', 'FACTURX-NOT-USED'],
    ],
  ])('rejects %s with %j', (name, rules) => {
    expect(fatal(name).sort()).toEqual(rules);
  });

  // MINIMUM and BASIC WL: the PDF is the invoice; the XML is held to the rules its profile keeps.
  const attached = (name: string) => {
    const taken = intake(facturx(name));
    if (!taken.ok) throw new Error('the sample is readable');
    return taken.xml;
  };
  const repacked = (xml: string) => buildPdf({ files: [flateFile('factur-x.xml', Buffer.from(xml))] });

  it('says why a profile without lines is held to fewer rules, and does not apply the others', () => {
    const r = check(facturx('BASIC-WL_Einfach_fx.pdf'));
    expect(r).toMatchObject({ accepted: true, profile: 'basicwl', findings: [expect.objectContaining({ rule: 'FACTURX-PROFILE', severity: 'warning' })] });
    // The EN 16931 rules on lines (BR-16, BR-CO-10, BR-S-08) fire on its XML read as a full invoice.
    const taken = intake(facturx('BASIC-WL_Einfach_fx.pdf'));
    if (!taken.ok) throw new Error('the sample is readable');
    const full = checkDocument(readXmlTree(taken.xmlBytes).root, 'cii').findings.filter((f) => f.severity === 'fatal').map((f) => f.rule);
    expect(full.sort()).toEqual(['BR-16', 'BR-CO-10', 'BR-S-08']);
  });

  it.each([
    ['MINIMUM_Rechnung_fx.pdf', '<ram:GrandTotalAmount>235.62<', '<ram:GrandTotalAmount>235.625<', 'BR-DEC-14'],
    ['MINIMUM_Rechnung_fx.pdf', '<ram:Name>Kunden AG Frankreich</ram:Name>', '<ram:Name></ram:Name>', 'BR-07'],
    ['BASIC-WL_Einfach_fx.pdf', '<ram:GrandTotalAmount>18.08<', '<ram:GrandTotalAmount>18.09<', 'BR-CO-15'],
    ['BASIC-WL_Einfach_fx.pdf', '<ram:TaxBasisTotalAmount>16.90<', '<ram:TaxBasisTotalAmount>16.80<', 'BR-CO-13'],
  ])('still rejects %s when its XML breaks a rule its profile keeps: %s → %s is %s', (name, from, to, rule) => {
    const xml = attached(name);
    expect(xml).toContain(from);
    const r = check(repacked(xml.replace(from, to)));
    expect(r.accepted).toBe(false);
    expect(r.findings.filter((f) => f.severity === 'fatal').map((f) => f.rule)).toContain(rule);
  });

  it.each([
    ['MINIMUM_Rechnung_fx.pdf', '<ram:Name>Kunden AG Frankreich</ram:Name>', '<ram:Name>Kunden AG Frankreich</ram:Name><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>', 'ram:BuyerTradeParty/ram:PostalTradeAddress'],
    ['BASIC-WL_Einfach_fx.pdf', '<ram:LineTotalAmount>16.90<', '<ram:LineTotalAmount currencyID="EUR">16.90<', 'ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount/@currencyID'],
    ['BASIC-WL_Einfach_fx.pdf', '<ram:TaxTotalAmount currencyID="EUR">1.18</ram:TaxTotalAmount>', '<ram:TaxTotalAmount currencyID="EUR">1.18</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="USD">1.30</ram:TaxTotalAmount>', 'ram:TaxTotalAmount[2]'],
    ['BASIC-WL_Einfach_fx.pdf', '<ram:ID schemeID="VA">DE123456789</ram:ID>', '<ram:ID>DE123456789</ram:ID>', 'ram:SellerTradeParty/ram:SpecifiedTaxRegistration'],
  ])('rejects in %s what its profile does not use, though its XSD lets it through: %s → %s', (name, from, to, at) => {
    const xml = attached(name);
    expect(xml).toContain(from);
    const r = check(repacked(xml.replace(from, to)));
    expect(r.findings.filter((f) => f.rule === 'XSD')).toEqual([]);
    expect(r.accepted).toBe(false);
    const notUsed = r.findings.filter((f) => f.rule === 'FACTURX-NOT-USED');
    expect(notUsed).toHaveLength(1);
    expect(notUsed[0]?.severity).toBe('fatal');
    expect(notUsed[0]?.location?.endsWith(at), notUsed[0]?.location).toBe(true);
  });

  it('finds nothing its profile does not use in the reference MINIMUM and BASIC WL PDFs, nor in a seller VAT number of scheme FC', () => {
    for (const name of ['MINIMUM_Rechnung_fx.pdf', 'BASIC-WL_Einfach_fx.pdf', 'validAvoir_FR_type380_BASICWL.pdf']) {
      expect(check(facturx(name)).findings.filter((f) => f.rule === 'FACTURX-NOT-USED'), name).toEqual([]);
    }
    const fc = attached('BASIC-WL_Einfach_fx.pdf').replace('<ram:ID schemeID="VA">DE123456789</ram:ID>', '<ram:ID schemeID="FC">201/113/40209</ram:ID>');
    expect(check(repacked(fc)).findings.filter((f) => f.rule === 'FACTURX-NOT-USED')).toEqual([]);
  });

  // EXTENDED: the totals within Factur-X's tolerance, the rules its Schematron does not have.
  const extendedFatal = (from: string, to: string) => {
    const xml = attached('EXTENDED_Warenrechnung_fx.pdf');
    expect(xml).toContain(from);
    return check(repacked(xml.replace(from, to))).findings.filter((f) => f.severity === 'fatal');
  };

  it('allows an EXTENDED total 0.01 per amount off, as BR-FXEXT-CO-13 does, and not more', () => {
    expect(extendedFatal('<ram:TaxBasisTotalAmount>448.99<', '<ram:TaxBasisTotalAmount>449.00<')).toEqual([]);
    const off = extendedFatal('<ram:TaxBasisTotalAmount>448.99<', '<ram:TaxBasisTotalAmount>449.99<');
    expect(off.map((f) => f.rule).sort()).toEqual(['BR-CO-13', 'BR-CO-15']);
    expect(off[0]?.message).toContain('BR-FXEXT-CO-1');
    // The EN 16931 profile has no tolerance.
    const en = attached('EN16931_Einfach_fx.pdf');
    const basis = /<ram:TaxBasisTotalAmount>(\d+)\.(\d\d)</.exec(en);
    if (!basis) throw new Error('the sample has a BT-109');
    const cent = `<ram:TaxBasisTotalAmount>${basis[1]}.${String(Number(basis[2]) + 1).padStart(2, '0')}<`;
    expect(check(repacked(en.replace(basis[0], cent))).findings.map((f) => f.rule)).toContain('BR-CO-13');
  });

  it('holds EXTENDED to BR-CO-25, and not to BR-27: a negative net price is allowed there', () => {
    const terms = '<ram:Description>Bei Zahlung innerhalb 14 Tagen gewähren wir 2,0% Skonto.</ram:Description>';
    expect(extendedFatal(terms, '').map((f) => f.rule)).toEqual(['BR-CO-25']);
    const price = '<ram:NetPriceProductTradePrice>\n          <ram:ChargeAmount>1.0000</ram:ChargeAmount>';
    expect(extendedFatal(price, price.replace('1.0000', '-1.0000'))).toEqual([]);
  });

  it('rejects in EXTENDED what its Schematron marks as not used: a scheme on the invoice number', () => {
    const fatal = extendedFatal('<ram:ID>R87654321012345</ram:ID>', '<ram:ID schemeID="0088">R87654321012345</ram:ID>');
    expect(fatal.map((f) => [f.rule, f.location])).toEqual([['FACTURX-NOT-USED', '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID/@schemeID']]);
    expect(fatal[0]?.message).toContain('Factur-X EXTENDED');
  });

  it('keeps as errors in EXTENDED the CII syntax rules its Schematron keeps: a date not YYYYMMDD, a contact with two names', () => {
    const date = '<ram:TypeCode>380</ram:TypeCode>\n    <ram:IssueDateTime>\n      <udt:DateTimeString format="102">20251001<';
    expect(extendedFatal(date, date.replace('20251001', '20251301')).map((f) => f.rule)).toEqual(['CII-DT-097']);
    const contact = '<ram:Name>MUSTERLIEFERANT GMBH</ram:Name>\n        <ram:DefinedTradeContact>';
    expect(extendedFatal(contact, `${contact}<ram:PersonName>Max Mustermann</ram:PersonName><ram:DepartmentName>Verkauf</ram:DepartmentName>`).map((f) => f.rule)).toEqual(['CII-SR-465']);
  });

  it('accepts the XML of an EXTENDED PDF sent alone, as EXTENDED', () => {
    for (const name of ['EXTENDED_Warenrechnung_fx.pdf', 'EXTENDED_Projektabschlussrechnung_fx.pdf']) {
      const taken = intake(facturx(name));
      if (!taken.ok) throw new Error('the sample is readable');
      const r = check(taken.xmlBytes);
      expect(r, name).toMatchObject({ accepted: true, format: 'cii', profile: 'extended' });
    }
  });

  it('counts an EXTENDED logistics service charge as a document level charge, and only in EXTENDED', () => {
    const taken = intake(facturx('EXTENDED_Warenrechnung_fx.pdf'));
    if (!taken.ok) throw new Error('the sample is readable');
    const root = readXmlTree(taken.xmlBytes).root;
    // Read as EN 16931 CII, the 3.00 of transport is in neither sum: the official EN 16931
    // Schematron raises exactly these two on this XML.
    expect(checkDocument(root, 'cii', 'en16931').findings.filter((f) => f.severity === 'fatal').map((f) => f.rule).sort()).toEqual(['BR-CO-12', 'BR-S-08']);
    const extended = checkDocument(root, 'cii', 'facturx-extended');
    expect(extended.findings.filter((f) => f.severity === 'fatal')).toEqual([]);
    expect(extended.invoice.allowanceCharges.filter((ac) => ac.chargeIndicator === 'true')).toEqual([
      expect.objectContaining({
        amount: '3.00',
        reason: 'Transportkosten',
        at: expect.stringMatching(/ram:SpecifiedLogisticsServiceCharge\[1\]$/) as string,
        taxCategories: [expect.objectContaining({ code: 'S', rate: '19.00', scheme: 'VAT' })],
      }),
    ]);
  });
});
