/**
 * Arrangements collections asks the ledger to record
 * (docs/adr/0021-collections-plans-hardship-reage.md): a repayment plan's
 * schedule, a hardship reduced rate or payment pause, and a re-age. The
 * ledger is the system of record, so it keeps them on the account and
 * applies their effect: a reduced rate is the APR interest is charged at
 * until it ends; a re-age clears what is past due (the unpaid minimums
 * whose last day to pay has ended) and moves the account back to CURRENT; a
 * payment pause asks no minimum of the statements closing in it and stops
 * the days past due from counting while it runs (payment-pause.ts). A plan
 * is recorded, not applied to the minimum. One record per requestId
 * (processedRequests, like adjustments).
 */
import type { LedgerAdjustmentArrangementRequestedV1 } from '@cardline/schemas';
import { DomainError } from '@cardline/platform/domain';
import type { AccountCommandOf, AccountEvent, AccountState } from './account';
import { localDate } from './calendar';
import { delinquencyChanged } from './events';
import { owed } from './minimums';
import { PAUSES_KEPT, type PausePeriod } from './payment-pause';

export type ArrangementKind = LedgerAdjustmentArrangementRequestedV1['kind'];

/** What the account keeps of its arrangements (absent on accounts stored before them). */
export interface Arrangements {
  plan: { reference: string; instalments: { amount: number; dueDate: string }[]; recordedAt: number } | null;
  reducedRate: { reference: string; rateBps: number; endsAt: number } | null;
  paymentPause: { reference: string; endsAt: number } | null;
  /** Every pause's days, oldest first (absent on accounts stored before pauses applied). */
  pauses?: PausePeriod[];
  /** When the account was re-aged (newest last). */
  reAgedAt: number[];
}

export const NO_ARRANGEMENTS: Arrangements = {
  plan: null,
  reducedRate: null,
  paymentPause: null,
  reAgedAt: [],
};

/** The APR interest is charged at, at an instant: a hardship reduced rate while it runs, else the account's. */
export function aprBpsAt(s: AccountState, at: number): number {
  const r = s.arrangements?.reducedRate;
  return r && at < r.endsAt ? r.rateBps : s.aprBps;
}

/** The account's payment pauses, on its local calendar. */
export const pausesOf = (s: Pick<AccountState, 'arrangements'>): readonly PausePeriod[] =>
  s.arrangements?.pauses ?? [];

/** A pause runs from the local day the ledger records it up to the local day it ends (payment-pause.ts). */
function pauseOf(s: AccountState, reference: string, recordedAt: number, endsAt: number): PausePeriod {
  return { reference, from: localDate(recordedAt, s.timeZone), until: localDate(endsAt, s.timeZone) };
}

/** The minimums whose last day to pay has ended: what is past due (minimums.ts). */
const lateMinimums = (s: AccountState) => s.unpaidMinimums.filter((m) => m.payableUntil <= s.lastEodDate);

export function recordArrangement(
  cmd: AccountCommandOf<'RecordArrangement'>,
  s: AccountState,
): AccountEvent[] {
  const r = cmd.request;
  if (s.processedRequests.includes(r.requestId)) return [];
  if (r.kind === 'UNKNOWN') throw new DomainError('INVALID', `arrangement ${r.requestId}: kind unknown`);
  if ((r.kind === 'REDUCED_RATE' || r.kind === 'PAYMENT_PAUSE') && r.endsAt === null)
    throw new DomainError('INVALID', `arrangement ${r.requestId}: ${r.kind} without an end`);
  // A charged-off account is recovered, never brought back to current (Reg Z 1026.5(b)(2)(i) ends its cycles).
  if (r.kind === 'RE_AGE' && s.status === 'CHARGED_OFF')
    throw new DomainError('INVALID_STATE', `account ${s.accountId} is charged off: no re-age`, s.status);
  const cleared = r.kind === 'RE_AGE' ? owed(lateMinimums(s)) : 0;
  const recorded: AccountEvent = {
    type: 'ledger.account.arrangement-recorded.v1',
    payload: {
      accountId: s.accountId,
      requestId: r.requestId,
      kind: r.kind,
      reference: r.reference,
      instalments: r.instalments,
      rateBps: r.rateBps,
      endsAt: r.endsAt,
      amountPastDueCleared: cleared,
      currency: s.currency,
      recordedAt: cmd.now,
    },
  };
  if (r.kind !== 'RE_AGE' || s.bucket === 'CURRENT') return [recorded];
  return [recorded, delinquencyChanged(s, 0, 'CURRENT', 0, cmd.now)];
}

/** How an arrangement changes the account (evolve's share). */
export function evolveArrangement(
  s: AccountState,
  p: Extract<AccountEvent, { type: 'ledger.account.arrangement-recorded.v1' }>['payload'],
  processedRequests: string[],
): AccountState {
  const a = s.arrangements ?? NO_ARRANGEMENTS;
  const next: Arrangements =
    p.kind === 'PLAN'
      ? { ...a, plan: { reference: p.reference, instalments: p.instalments, recordedAt: p.recordedAt } }
      : p.kind === 'REDUCED_RATE'
        ? {
            ...a,
            reducedRate: { reference: p.reference, rateBps: p.rateBps ?? s.aprBps, endsAt: p.endsAt ?? 0 },
          }
        : p.kind === 'PAYMENT_PAUSE'
          ? {
              ...a,
              paymentPause: { reference: p.reference, endsAt: p.endsAt ?? 0 },
              pauses: [
                ...(a.pauses ?? []).slice(-(PAUSES_KEPT - 1)),
                pauseOf(s, p.reference, p.recordedAt, p.endsAt ?? p.recordedAt),
              ],
            }
          : { ...a, reAgedAt: [...a.reAgedAt, p.recordedAt] };
  const base = { ...s, arrangements: next, processedRequests };
  // A re-age forgives nothing owed (the balance stays); what was past due is no longer counted as late.
  // The minimum not yet due stays asked for.
  return p.kind === 'RE_AGE'
    ? {
        ...base,
        unpaidMinimums: s.unpaidMinimums.filter((m) => m.payableUntil > s.lastEodDate),
        pastDue: null,
        daysPastDue: 0,
      }
    : base;
}
