/**
 * libxml2's schema messages name elements as `{namespace URI}local` and list every element it
 * would have accepted: correct, but a supplier reading "ClassifiedTaxCategory is not expected;
 * expected is one of (…ClassifiedTaxCategory…)" cannot see why. This writes the usual prefixes
 * instead of the URIs, and says so when the only thing wrong is the element's namespace.
 */
import { CONVENTIONAL_PREFIXES } from '../invoice/syntax/prefixes.ts';

interface Name {
  ns: string;
  local: string;
}

const NAME = /\{([^}]*)\}([\w.-]+)/g;
const UNEXPECTED = /^Element '([^']+)': This element is not expected\. Expected is (?:one of )?\( ([^)]*) \)\./;

const parseName = (text: string): Name => {
  const m = /^\{([^}]*)\}(.+)$/.exec(text.trim());
  return m ? { ns: m[1]!, local: m[2]! } : { ns: '', local: text.trim() };
};

const show = ({ ns, local }: Name): string => {
  const prefix = CONVENTIONAL_PREFIXES[ns];
  return ns === '' ? local : prefix ? `${prefix}:${local}` : `{${ns}}${local}`;
};

export function readableXsdMessage(message: string): string {
  const unexpected = UNEXPECTED.exec(message);
  let hint = '';
  if (unexpected) {
    const found = parseName(unexpected[1]!);
    const twin = unexpected[2]!
      .split(',')
      .map(parseName)
      .find((e) => e.local === found.local && e.ns !== found.ns);
    if (twin) {
      const where = found.ns === '' ? 'has no namespace' : `is in namespace ${found.ns}`;
      hint = ` The element ${found.local} is allowed here, but this one ${where}: write it as ${show(twin)} (namespace ${twin.ns}).`;
    }
  }
  return message.replace(NAME, (_, ns: string, local: string) => show({ ns, local })) + hint;
}
