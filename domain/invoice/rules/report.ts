import type { Finding } from '../../finding.ts';

/**
 * The official rules' `assert`: records a finding when the test is false.
 * `term` is the business term or group the rule is about, `location` the context node's path.
 */
export function assert(
  out: Finding[],
  ok: boolean,
  rule: string,
  term: string,
  location: string,
  message: string,
  severity: Finding['severity'] = 'fatal',
): void {
  if (!ok) out.push({ rule, severity, term, location, message });
}
