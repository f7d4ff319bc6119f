/** The Account decider under the platform's one specification, and the commands its specs build. */
import { DateTime } from 'luxon';
import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../src/domain/account';
import { DEFAULT_POLICIES } from '../src/domain/policy';

export const policy = (m: 'US' | 'CN') => DEFAULT_POLICIES[m];
const account: Decider<AccountCommand, AccountEvent, AccountState | null> = {
  decide: (command, state) => decide(command, state, policy),
  evolve,
  initialState: () => null,
};
export const { given } = DeciderSpecification.for(account, DomainError);
export type Story = ReturnType<typeof given>;

export const zone = 'America/New_York';
export const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
/** The last instant of a local day: end of day stamps what it decides for that day with it. */
export const endOf = (date: string) => DateTime.fromISO(date, { zone }).endOf('day').toMillis();

/** A US account opened on 10 January 2026, statements closing on the 5th. */
export const opened: Extract<AccountEvent, { type: 'ledger.account.opened.v1' }> = {
  type: 'ledger.account.opened.v1',
  payload: {
    accountId: 'acc_1',
    customerId: 'cus_1',
    productCode: 'CLASSIC',
    market: 'US',
    currency: 'USD',
    creditLimit: 500000,
    aprBps: 2499,
    billingCycleDay: 5,
    timeZone: zone,
    openedAt: at('2026-01-10T09:00'),
    applicationId: null,
  },
};
export const merchant = { name: 'Blue Bottle', mcc: '5814', city: 'New York', country: 'US' };

type Post = Extract<AccountCommand, { kind: 'PostTransaction' }>;

export const purchase = (
  amount: number,
  when = '2026-01-12T12:00',
  extra: Partial<Post> = {},
): AccountCommand => ({
  kind: 'PostTransaction',
  transactionId: `txn_${amount}_${when}`,
  txKind: 'PURCHASE',
  amount,
  currency: 'USD',
  description: 'Coffee',
  merchant,
  now: at(when),
  ...extra,
});

export const payment = (amount: number, when: string, requestId: string | null = null): AccountCommand => ({
  kind: 'PostTransaction',
  transactionId: `pay_${amount}_${when}`,
  txKind: 'PAYMENT',
  amount,
  currency: 'USD',
  description: 'Payment',
  requestId,
  now: at(when),
});

export const refund = (
  amount: number,
  when: string,
  relatedTransactionId: string | null = null,
): AccountCommand => ({
  kind: 'PostTransaction',
  transactionId: `ref_${amount}_${when}`,
  txKind: 'REFUND',
  amount,
  currency: 'USD',
  description: 'Refund',
  relatedTransactionId,
  now: at(when),
});

/** An adjustment another service asks for (disputes' credits, reversals, waivers). */
export const adjustment = (
  adjustmentKind: string,
  direction: 'DEBIT' | 'CREDIT',
  amount: number,
  when: string,
  relatedTransactionId: string | null = null,
): AccountCommand => ({
  kind: 'RequestAdjustment',
  transactionId: `adj_${adjustmentKind}_${amount}_${when}`,
  requestId: `req_${adjustmentKind}_${amount}_${when}`,
  direction,
  adjustmentKind,
  amount,
  currency: 'USD',
  reason: adjustmentKind,
  relatedTransactionId,
  now: at(when),
});

export const hold = (
  disputeId: string,
  amount: number,
  isFee = false,
  transactionId = 'txn_x',
): AccountCommand => ({
  kind: 'PlaceHold',
  hold: { disputeId, transactionId, amount, isFee },
});
export const release = (disputeId: string): AccountCommand => ({ kind: 'ReleaseHold', disputeId });

let ids = 0;
const newId = (p: string) => `${p}_${++ids}`;
export const eod = (iso: string, gen: (p: string) => string = newId): AccountCommand => ({
  kind: 'RunEndOfDay',
  asOf: at(iso),
  newId: gen,
});
/** Ids from a fresh counter, for specs that name the ids end of day gives. */
export const counter = () => {
  let n = 0;
  return (p: string) => `${p}_${++n}`;
};

type Posted = Extract<AccountEvent, { type: 'ledger.transaction.posted.v1' }>;
type Closed = Extract<AccountEvent, { type: 'ledger.statement.closed.v1' }>;

export const postings = (events: AccountEvent[]): Posted['payload'][] =>
  events.flatMap((e) => (e.type === 'ledger.transaction.posted.v1' ? [e.payload] : []));
export const lateFees = (events: AccountEvent[]) => postings(events).filter((p) => p.feeType === 'LATE');
export const interestCharged = (events: AccountEvent[]) =>
  postings(events)
    .filter((p) => p.kind === 'INTEREST')
    .reduce((n, p) => n + p.amount, 0);
export const statements = (events: AccountEvent[]): Closed['payload'][] =>
  events.flatMap((e) => (e.type === 'ledger.statement.closed.v1' ? [e.payload] : []));
/** The local date a statement's due-date instant falls on. */
export const localDay = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate() as string;
