/** Each event type with its schema version, the topic it travels on and its payload schema. */
import {
  InvoiceReceived,
  InvoiceRejected,
  InvoiceStatusChanged,
  InvoiceValidated,
  MandateSubmitted,
  PesReady,
  PesTransmitted,
  TreasuryAcknowledged,
} from '../../domain/events.ts';
import { defineEvent } from './envelope.ts';
import { TOPICS } from './topics.ts';

export const EVENTS = {
  invoiceReceived: { ...defineEvent('invoice.received', 1, InvoiceReceived), topic: TOPICS.invoiceReceived.name },
  invoiceValidated: { ...defineEvent('invoice.validated', 1, InvoiceValidated), topic: TOPICS.invoiceValidated.name },
  invoiceRejected: { ...defineEvent('invoice.rejected', 1, InvoiceRejected), topic: TOPICS.invoiceRejected.name },
  invoiceStatusChanged: { ...defineEvent('invoice.status-changed', 1, InvoiceStatusChanged), topic: TOPICS.invoiceStatus.name },
  mandateSubmitted: { ...defineEvent('mandate.submitted', 1, MandateSubmitted), topic: TOPICS.mandateSubmitted.name },
  pesReady: { ...defineEvent('pes.ready', 1, PesReady), topic: TOPICS.pesReady.name },
  treasuryAcknowledged: { ...defineEvent('treasury.acknowledged', 1, TreasuryAcknowledged), topic: TOPICS.treasuryAcknowledged.name },
  pesTransmitted: { ...defineEvent('pes.transmitted', 1, PesTransmitted), topic: TOPICS.pesTransmitted.name },
} as const;
