/**
 * What sales stores per application: the domain's state, the customer it is
 * for, and what followed an approval (the ledger's account, then cards'
 * card). Fulfilment is learnt from other services' events and changes only
 * this state; the domain's events are published in their wire form (wire.ts).
 */
import { evolve, type ApplicationEvent, type ApplicationState } from '../domain/application';
import { toWire, type WireEvent } from './wire';

export interface Fulfilment {
  accountId: string | null;
  accountOpenedAt: number | null;
  cardId: string | null;
  cardIssuedAt: number | null;
}

export interface ApplicationRecord {
  application: ApplicationState;
  customerId: string;
  submittedAt: number;
  /** When the decision (the rules' or an underwriter's, not a referral) was made. */
  decidedAt: number | null;
  fulfilment: Fulfilment;
}

/** One change to a record: a domain event (published) or a fulfilment step (state only). */
export type Change =
  | { kind: 'domain'; event: ApplicationEvent }
  | { kind: 'account-opened'; accountId: string; at: number }
  | { kind: 'card-issued'; cardId: string; at: number };

/** What decideAndSave saves: the change, and its wire event when it is published. */
export type Recorded = { change: Change } & (WireEvent | { type: 'internal'; payload: null });

export const isPublished = (r: Recorded): boolean => r.type !== 'internal';

export function record(change: Change, after: ApplicationRecord): Recorded {
  return change.kind === 'domain'
    ? { change, ...toWire(change.event, after) }
    : { change, type: 'internal', payload: null };
}

const NONE: Fulfilment = { accountId: null, accountOpenedAt: null, cardId: null, cardIssuedAt: null };

function apply(r: ApplicationRecord | null, c: Change, customerId: string): ApplicationRecord {
  if (c.kind === 'domain') {
    const e = c.event;
    const application = evolve(r?.application ?? null, e);
    const final = e.type === 'sales.application.decided.v1' && e.payload.decision.outcome !== 'REFER';
    if (r) return { ...r, application, ...(final && { decidedAt: e.payload.decidedAt }) };
    const submittedAt = e.type === 'sales.application.submitted.v1' ? e.payload.submittedAt : Date.now();
    return { application, customerId, submittedAt, decidedAt: null, fulfilment: NONE };
  }
  if (!r) throw new Error(`${c.kind} before the application`);
  return c.kind === 'account-opened'
    ? { ...r, fulfilment: { ...r.fulfilment, accountId: c.accountId, accountOpenedAt: c.at } }
    : { ...r, fulfilment: { ...r.fulfilment, cardId: c.cardId, cardIssuedAt: c.at } };
}

/**
 * Folds changes in order, each recorded against the state it produced (the
 * wire form of an approval needs the customer). `customerId` is given only
 * at submission.
 */
export function foldChanges(
  changes: Change[],
  r: ApplicationRecord | null,
  customerId = '',
): { state: ApplicationRecord; recorded: Recorded[] } {
  let state = r;
  const recorded: Recorded[] = [];
  for (const c of changes) {
    state = apply(state, c, customerId);
    recorded.push(record(c, state));
  }
  if (!state) throw new Error('no change to fold');
  return { state, recorded };
}

/** Replays recorded changes (decideAndSave's fold). */
export function foldRecorded(rs: Recorded[], r: ApplicationRecord | null): ApplicationRecord | null {
  return rs.reduce<ApplicationRecord | null>((s, x) => apply(s, x.change, customerOf(x, s)), r);
}

const customerOf = (x: Recorded, s: ApplicationRecord | null): string =>
  s?.customerId ?? (x.type === 'sales.application.submitted.v1' ? x.payload.customerId : '');
