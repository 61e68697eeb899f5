/**
 * The invoice status state machine, as data: the statuses, the events that move an invoice,
 * and the allowed transitions. Pure: the caller stores the trail (see README.md for the
 * diagram and the rules on repeated and out-of-order events).
 */
import { z } from 'zod';

export const InvoiceStatus = z.enum([
  'received',
  'rejected',
  'validated',
  'waiting_for_mandate',
  'mandate_mismatch',
  'mandated',
  'in_bordereau',
  'sent',
  'accepted_by_treasury',
  'rejected_by_treasury',
  'paid',
]);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

/** The status of a new invoice (its first Transition has `from: null`). */
export const INITIAL_STATUS: InvoiceStatus = 'received';

export const StatusEvent = z.enum([
  /** validator: XSD, EN 16931 and French rules pass. */
  'validation_passed',
  /** validator: a fatal finding. */
  'validation_failed',
  /** bordereau: the invoice is stored, its mandate not there yet. */
  'mandate_awaited',
  /** bordereau: a mandate matches the invoice. */
  'mandate_matched',
  /** bordereau: a mandate names the invoice but does not match it. */
  'mandate_mismatched',
  /** bordereau: the invoice's pièce is in a bordereau. */
  'added_to_bordereau',
  /** treasury: the PES file carrying it was delivered. */
  'sent_to_treasury',
  /** PES_ACQUIT accepts its bordereau (and PJ), or PES_Retour reports it taken in charge. */
  'treasury_accepted',
  /** PES_ACQUIT rejects its file, bordereau or PJ, or PES_Retour reports it rejected. */
  'treasury_rejected',
  /** PES_Retour reports it soldé (paid). */
  'payment_recorded',
]);
export type StatusEvent = z.infer<typeof StatusEvent>;

/** The status each event leads to. */
export const EVENT_TARGET: Readonly<Record<StatusEvent, InvoiceStatus>> = {
  validation_passed: 'validated',
  validation_failed: 'rejected',
  mandate_awaited: 'waiting_for_mandate',
  mandate_matched: 'mandated',
  mandate_mismatched: 'mandate_mismatch',
  added_to_bordereau: 'in_bordereau',
  sent_to_treasury: 'sent',
  treasury_accepted: 'accepted_by_treasury',
  treasury_rejected: 'rejected_by_treasury',
  payment_recorded: 'paid',
};

/**
 * The direct transitions. The graph has no cycle, which is what makes "already past this
 * status" well defined. A mismatch is not final (a corrected mandate may still match); a
 * comptable may reject a mandat after the acknowledgment accepted its bordereau.
 */
export const TRANSITIONS: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  received: ['validated', 'rejected'],
  rejected: [],
  validated: ['waiting_for_mandate'],
  waiting_for_mandate: ['mandated', 'mandate_mismatch'],
  mandate_mismatch: ['mandated'],
  mandated: ['in_bordereau'],
  in_bordereau: ['sent'],
  sent: ['accepted_by_treasury', 'rejected_by_treasury'],
  accepted_by_treasury: ['paid', 'rejected_by_treasury'],
  rejected_by_treasury: [],
  paid: [],
};

export const isTerminal = (s: InvoiceStatus): boolean => TRANSITIONS[s].length === 0;

/** Every status reachable from each status through one or more transitions. */
const REACHABLE: ReadonlyMap<InvoiceStatus, ReadonlySet<InvoiceStatus>> = new Map(
  InvoiceStatus.options.map((from) => {
    const seen = new Set<InvoiceStatus>();
    const stack = [...TRANSITIONS[from]];
    for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
      if (!seen.has(s)) {
        seen.add(s);
        stack.push(...TRANSITIONS[s]);
      }
    }
    return [from, seen];
  }),
);

export const reachable = (from: InvoiceStatus, to: InvoiceStatus): boolean => REACHABLE.get(from)!.has(to);

export type TransitionResult =
  | {
      ok: true;
      next: InvoiceStatus;
      changed: boolean;
      /** Why nothing changed: the invoice already has this status, or is already past it. */
      ignored?: 'repeated' | 'late';
    }
  | { ok: false; code: 'FROM_TERMINAL' | 'CONTRADICTS'; reason: string };

const isStatus = (x: string): x is InvoiceStatus => (InvoiceStatus.options as readonly string[]).includes(x);

/**
 * Where an event takes an invoice. A service that only knows the status the invoice reached
 * may pass that status instead of an event (the two vocabularies do not overlap). Events come
 * from several services and may arrive late or early, so (README.md):
 * - repeated: the event's status is the current one → no-op;
 * - forward: the event's status can be reached from the current one → taken, even when it
 *   skips statuses whose events have not arrived yet (each stage consumes the previous one's
 *   output, so a later event proves the earlier stages happened);
 * - late: the current status can be reached from the event's → the invoice is already past
 *   it: no-op;
 * - otherwise the event contradicts the trail → refused.
 */
export function transition(current: InvoiceStatus, event: StatusEvent | InvoiceStatus): TransitionResult {
  const to = isStatus(event) ? event : EVENT_TARGET[event];
  if (to === current) return { ok: true, next: current, changed: false, ignored: 'repeated' };
  if (reachable(current, to)) return { ok: true, next: to, changed: true };
  if (reachable(to, current)) return { ok: true, next: current, changed: false, ignored: 'late' };
  return isTerminal(current)
    ? { ok: false, code: 'FROM_TERMINAL', reason: `${event} on an invoice already ${current}, a final status` }
    : { ok: false, code: 'CONTRADICTS', reason: `${event} (to ${to}) contradicts ${current}: neither leads to the other` };
}

/** One entry of an invoice's append-only status trail. */
export const Transition = z.object({
  /** null for the first entry, which records `received`. */
  from: InvoiceStatus.nullable(),
  to: InvoiceStatus,
  at: z.iso.datetime(),
  /** The event applied; absent on the first entry. */
  event: StatusEvent.optional(),
  /** Id of the message or request that caused it. */
  cause: z.string().min(1),
  /** The service that applied it. */
  source: z.string().min(1),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type Transition = z.infer<typeof Transition>;

export type TransitionMeta = Pick<Transition, 'at' | 'cause' | 'source' | 'detail'>;

/** The first entry of a trail. */
export const initialTransition = (meta: TransitionMeta): Transition => ({ from: null, to: INITIAL_STATUS, ...meta });

/** Applies an event and gives the entry to append, if the status changes. */
export function nextTransition(
  current: InvoiceStatus,
  event: StatusEvent,
  meta: TransitionMeta,
): { ok: true; next: InvoiceStatus; append: Transition | undefined } | { ok: false; code: 'FROM_TERMINAL' | 'CONTRADICTS'; reason: string } {
  const r = transition(current, event);
  if (!r.ok) return r;
  return { ok: true, next: r.next, append: r.changed ? { from: current, to: r.next, event, ...meta } : undefined };
}
