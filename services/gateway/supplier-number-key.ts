/**
 * The supplier-and-number key of an upload (domain/invoice/supplier-number.ts), read with the
 * validator's own code: intake, the libxml2 parse and the model read, without XSD or rules.
 * Undefined for a document that cannot be read that far: the validator rejects it, so it is
 * nobody's duplicate. The XML and PDF caps here are the upload cap, so that what the validator
 * accepts is read here too (unless an operator gives the validator an XML cap above the upload
 * cap: an XML inflated out of a PDF between the two is keyed by its id, and only the validator's
 * lock stands between it and a duplicate validated at the same moment).
 */
import { intake } from '../../domain/invoice/intake/index.ts';
import { readSupplierNumberKey } from '../../domain/invoice/supplier-number.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';

export function supplierNumberKeyOf(bytes: Uint8Array, maxBytes: number): string | undefined {
  const doc = intake(bytes, { maxXmlBytes: maxBytes, maxPdfBytes: maxBytes });
  return doc.ok ? readSupplierNumberKey(readXmlTree(doc.xmlBytes).root, doc.syntax) : undefined;
}
