import { describe, expect, it } from 'vitest';
import { readableXsdMessage } from './xsd-message.ts';

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';

describe('readableXsdMessage', () => {
  it('writes the usual prefixes instead of namespace URIs, and leaves unknown namespaces whole', () => {
    expect(readableXsdMessage(`Element '{${CAC}}Foo': This element is not expected. Expected is ( {${CAC}}Item ).`)).toBe(
      "Element 'cac:Foo': This element is not expected. Expected is ( cac:Item ).",
    );
    expect(readableXsdMessage("Element '{urn:example}Foo': [facet 'pattern'] The value 'x' is not accepted.")).toBe(
      "Element '{urn:example}Foo': [facet 'pattern'] The value 'x' is not accepted.",
    );
  });

  it('says when the element only lacks its namespace', () => {
    const message = readableXsdMessage(
      `Element 'ClassifiedTaxCategory': This element is not expected. Expected is one of ( {${CAC}}CommodityClassification, {${CAC}}ClassifiedTaxCategory, {${CAC}}Certificate ).`,
    );
    expect(message).toBe(
      "Element 'ClassifiedTaxCategory': This element is not expected. Expected is one of ( cac:CommodityClassification, cac:ClassifiedTaxCategory, cac:Certificate )." +
        ` The element ClassifiedTaxCategory is allowed here, but this one has no namespace: write it as cac:ClassifiedTaxCategory (namespace ${CAC}).`,
    );
  });

  it('says when the element is in another namespace', () => {
    const cbc = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
    expect(readableXsdMessage(`Element '{${cbc}}Item': This element is not expected. Expected is ( {${CAC}}Item ).`)).toContain(
      `this one is in namespace ${cbc}: write it as cac:Item`,
    );
  });

  it('adds nothing when the element is simply out of place', () => {
    const text = `Element '{${CAC}}Item': This element is not expected. Expected is ( {${CAC}}Price ).`;
    expect(readableXsdMessage(text)).toBe("Element 'cac:Item': This element is not expected. Expected is ( cac:Price ).");
  });
});
