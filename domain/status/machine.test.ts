import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVENT_TARGET, InvoiceStatus, StatusEvent, TRANSITIONS, Transition, initialTransition, isTerminal, nextTransition, reachable, transition,
  type TransitionResult,
} from './machine.ts';

const ROAD: InvoiceStatus[] = ['received', 'validated', 'waiting_for_mandate', 'mandated', 'in_bordereau', 'sent', 'accepted_by_treasury', 'paid'];
const ROAD_EVENTS: StatusEvent[] = ['validation_passed', 'mandate_awaited', 'mandate_matched', 'added_to_bordereau', 'sent_to_treasury', 'treasury_accepted', 'payment_recorded'];
const taken = (next: InvoiceStatus): TransitionResult => ({ ok: true, next, changed: true });
const ignored = (next: InvoiceStatus, why: 'repeated' | 'late'): TransitionResult => ({ ok: true, next, changed: false, ignored: why });

describe('invoice status machine', () => {
  it('follows the main road from upload to payment, event by event', () => {
    ROAD_EVENTS.forEach((e, i) => expect(transition(ROAD[i]!, e)).toEqual(taken(ROAD[i + 1]!)));
  });

  // from, event → expected: the table the README states.
  const table: [InvoiceStatus, StatusEvent, TransitionResult['ok'], InvoiceStatus, string][] = [
    ['received', 'validation_failed', true, 'rejected', 'direct'],
    ['waiting_for_mandate', 'mandate_mismatched', true, 'mandate_mismatch', 'direct'],
    ['mandate_mismatch', 'mandate_matched', true, 'mandated', 'a corrected mandate'],
    ['sent', 'treasury_rejected', true, 'rejected_by_treasury', 'ACK rejection'],
    ['accepted_by_treasury', 'treasury_rejected', true, 'rejected_by_treasury', 'the comptable rejects after the intake accepted'],
    ['received', 'mandate_matched', true, 'mandated', 'forward: the mandate before the validation'],
    ['sent', 'payment_recorded', true, 'paid', 'forward: PES_Retour before the ACK'],
    ['mandated', 'validation_passed', true, 'mandated', 'late'],
    ['mandated', 'mandate_mismatched', true, 'mandated', 'late: an older mismatch'],
    ['rejected_by_treasury', 'treasury_accepted', true, 'rejected_by_treasury', 'late: the ACK after the comptable rejected'],
    ['paid', 'sent_to_treasury', true, 'paid', 'late'],
    ['rejected', 'validation_passed', false, 'rejected', 'final'],
    ['paid', 'treasury_rejected', false, 'paid', 'final'],
    ['rejected_by_treasury', 'payment_recorded', false, 'rejected_by_treasury', 'final'],
    ['mandated', 'validation_failed', false, 'mandated', 'contradiction'],
  ];
  it.each(table)('%s + %s → ok %s, %s (%s)', (from, event, ok, next) => {
    const r = transition(from, event);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.next).toBe(next);
  });

  it('takes the same event twice as a no-op, and says why nothing changed', () => {
    for (const e of StatusEvent.options) expect(transition(EVENT_TARGET[e], e)).toEqual(ignored(EVENT_TARGET[e], 'repeated'));
    expect(transition('mandated', 'validation_passed')).toEqual(ignored('mandated', 'late'));
  });

  it('refuses with a code: final status, or a contradiction', () => {
    expect(transition('rejected', 'validation_passed')).toEqual({ ok: false, code: 'FROM_TERMINAL', reason: 'validation_passed on an invoice already rejected, a final status' });
    expect(transition('mandated', 'validation_failed')).toMatchObject({ ok: false, code: 'CONTRADICTS' });
  });

  it('accepts the status reached in place of the event (what the services record)', () => {
    expect(transition('sent', 'accepted_by_treasury')).toEqual(taken('accepted_by_treasury'));
    expect(transition('sent', 'sent')).toEqual(ignored('sent', 'repeated'));
    expect(transition('paid', 'received')).toEqual(ignored('paid', 'late'));
  });

  it('has no cycle, reaches every status from received, and ends only in rejected, rejected_by_treasury, paid', () => {
    for (const s of InvoiceStatus.options) expect(reachable(s, s)).toBe(false);
    for (const s of InvoiceStatus.options.filter((x) => x !== 'received')) expect(reachable('received', s)).toBe(true);
    expect(InvoiceStatus.options.filter(isTerminal).sort()).toEqual(['paid', 'rejected', 'rejected_by_treasury']);
    for (const [from, tos] of Object.entries(TRANSITIONS)) for (const to of tos) expect(transition(from as InvoiceStatus, to).ok).toBe(true);
  });

  it('lands in the same status whatever the order events of one road arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ROAD_EVENTS, { minLength: 1 }), (events) => {
        let s: InvoiceStatus = 'received';
        for (const e of events) {
          const r = transition(s, e);
          expect(r.ok).toBe(true);
          if (r.ok) s = r.next;
        }
        // The furthest event seen decides, as if they had come in order.
        const furthest = ROAD_EVENTS.filter((e) => events.includes(e)).at(-1)!;
        expect(s).toBe(EVENT_TARGET[furthest]);
      }),
    );
  });

  it('builds an append-only trail: one entry per change, none for a repeat', () => {
    const meta = (n: number) => ({ at: `2026-01-0${n}T10:00:00.000Z`, cause: `msg-${n}`, source: 'test' });
    const trail: Transition[] = [initialTransition(meta(1))];
    let s: InvoiceStatus = 'received';
    for (const [i, e] of (['validation_passed', 'validation_passed', 'mandate_matched'] as const).entries()) {
      const r = nextTransition(s, e, meta(i + 2));
      if (!r.ok) throw new Error(r.reason);
      if (r.append) trail.push(r.append);
      s = r.next;
    }
    expect(trail).toEqual([
      { from: null, to: 'received', ...meta(1) },
      { from: 'received', to: 'validated', event: 'validation_passed', ...meta(2) },
      { from: 'validated', to: 'mandated', event: 'mandate_matched', ...meta(4) },
    ]);
    for (const t of trail) expect(Transition.parse(t)).toEqual(t);
    expect(nextTransition('paid', 'treasury_rejected', meta(5))).toMatchObject({ ok: false, code: 'FROM_TERMINAL' });
  });
});
