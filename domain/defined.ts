/**
 * The object without its undefined properties: for values that travel as JSON or meet schemas
 * with optional fields. A loop rather than Object.entries/fromEntries, which made the invoice
 * summary cost about twice as much (3.3 against 1.4-2.0 µs per invoice).
 */
export function defined<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
