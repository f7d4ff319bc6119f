import { DomainError, PoisonMessageError, handlerFor, type EventEnvelope } from '@cardline/platform';
import type { SalesEnrollmentCancelledV1, SalesEnrollmentFeeDueV1 } from '@cardline/schemas';
import type { AccountService, AdjustmentRequest } from '../src/application/account-service';
import { enrollmentHandlers } from '../src/adapters/kafka/handlers';
import {
  decide,
  evolve,
  type AccountEvent,
  type AccountState,
  type RequestAdjustment,
} from '../src/domain/account';
import type { PostingKeys } from '../src/adapters/mongo/keyed-postings';
import { PROCESSED_REQUESTS_KEPT } from '../src/domain/evolve-posting';
import { adjustment, given, opened, policy, postings } from './account-fixtures';

// Group ledger.enrollments (docs/adr/0020-sales-enrolments-service.md): each
// add-on fee due is debited once per enrolment and month, each cancellation's
// refund credited once, through the real Account decider.

const feeDue = (periodKey: string): SalesEnrollmentFeeDueV1 => ({
  enrolmentId: 'enr_1',
  accountId: 'acc_1',
  periodKey,
  periodStart: 0,
  periodEnd: null,
  amount: 1_499,
  currency: 'USD',
  requestId: `enr_1:fee:${periodKey}`,
  dueAt: 0,
});
const cancelled = (refund: SalesEnrollmentCancelledV1['refund']): SalesEnrollmentCancelledV1 => ({
  enrolmentId: 'enr_1',
  accountId: 'acc_1',
  reason: 'no longer wanted',
  refund,
  currency: 'USD',
  actor: { id: 'agent-1', role: 'sales_agent' },
  cancelledAt: 0,
});
const envelope = <P>(type: string, payload: P, id = 'evt-1'): EventEnvelope<P> => ({
  id,
  type,
  source: 'sales',
  subject: 'enr_1',
  time: new Date(0),
  correlationId: 'corr-1',
  causationId: null,
  aggregateVersion: 3,
  payload,
});
const meta = { topic: 'sales.enrollment', partition: 0, offset: '0' };

/** One account behind the Account decider, as AccountService.requestAdjustment runs it. */
function ledger() {
  let state: AccountState = evolve(null, opened);
  const events: AccountEvent[] = [];
  let n = 0;
  const requestAdjustment = async (accountId: string, request: AdjustmentRequest) => {
    if (accountId !== state.accountId) throw new DomainError('NOT_FOUND', `account ${accountId} not found`);
    const out = decide(
      { kind: 'RequestAdjustment', ...request, transactionId: `txn_${++n}`, now: Date.UTC(2026, 1, 9) },
      state,
      policy,
    );
    for (const e of out) state = evolve(state, e);
    events.push(...out);
    return out;
  };
  return { events, requestAdjustment, service: { requestAdjustment } as unknown as AccountService };
}

/** The keyed postings' collection under its unique index on requestId, in memory. */
function keyedPostings(): PostingKeys & { recorded: { requestId: string; transactionId: string | null }[] } {
  const recorded: { requestId: string; transactionId: string | null }[] = [];
  return {
    recorded,
    has: async (requestId) => recorded.some((r) => r.requestId === requestId),
    record: async ({ requestId, transactionId }) => {
      if (!recorded.some((r) => r.requestId === requestId)) recorded.push({ requestId, transactionId });
    },
  };
}

describe('the ledger posts add-on fees and refunds', () => {
  it('a fee due is one debit per month, however often it is delivered', async () => {
    const l = ledger();
    const handle = handlerFor(enrollmentHandlers(l.service, keyedPostings()), 'sales.enrollment.fee-due.v1');
    for (const period of ['2026-02', '2026-02', '2026-03', '2026-02', '2026-03'])
      await handle?.(envelope('sales.enrollment.fee-due.v1', feeDue(period)), meta);
    expect(
      postings(l.events).map((p) => [p.requestId, p.direction, p.amount, p.kind, p.adjustmentKind]),
    ).toEqual([
      ['enr_1:fee:2026-02', 'DEBIT', 1_499, 'ADJUSTMENT', 'ADD_ON_FEE'],
      ['enr_1:fee:2026-03', 'DEBIT', 1_499, 'ADJUSTMENT', 'ADD_ON_FEE'],
    ]);
  });

  it('a pro-rata or cooling-off refund is one credit; a cancellation without a refund posts nothing', async () => {
    const l = ledger();
    const handle = handlerFor(
      enrollmentHandlers(l.service, keyedPostings()),
      'sales.enrollment.cancelled.v1',
    );
    const proRata = {
      kind: 'PRO_RATA' as const,
      amount: 967,
      periodKey: '2026-03',
      requestId: 'enr_1:refund',
    };
    await handle?.(envelope('sales.enrollment.cancelled.v1', cancelled(proRata)), meta);
    await handle?.(envelope('sales.enrollment.cancelled.v1', cancelled(proRata), 'evt-2'), meta);
    await handle?.(
      envelope(
        'sales.enrollment.cancelled.v1',
        cancelled({ kind: 'NONE', amount: 0, periodKey: null, requestId: null }),
      ),
      meta,
    );
    expect(postings(l.events).map((p) => [p.requestId, p.direction, p.amount, p.adjustmentKind])).toEqual([
      ['enr_1:refund', 'CREDIT', 967, 'ADD_ON_REFUND'],
    ]);
  });

  it('a fee redelivered after more other requests than the account remembers still posts nothing: its key is recorded', async () => {
    const l = ledger();
    const keys = keyedPostings();
    const handle = handlerFor(enrollmentHandlers(l.service, keys), 'sales.enrollment.fee-due.v1');
    await handle?.(envelope('sales.enrollment.fee-due.v1', feeDue('2026-02')), meta);
    for (let i = 0; i < PROCESSED_REQUESTS_KEPT + 1; i++)
      await l.requestAdjustment('acc_1', {
        requestId: `other-${i}`,
        direction: 'CREDIT',
        adjustmentKind: 'GOODWILL',
        amount: 1,
        currency: 'USD',
        reason: 'goodwill',
        relatedTransactionId: null,
      });
    await handle?.(envelope('sales.enrollment.fee-due.v1', feeDue('2026-02'), 'evt-9'), meta);
    const fees = postings(l.events).filter((p) => p.adjustmentKind === 'ADD_ON_FEE');
    expect(fees.map((p) => p.requestId)).toEqual(['enr_1:fee:2026-02']);
    expect(keys.recorded).toEqual([
      { requestId: 'enr_1:fee:2026-02', transactionId: fees[0]?.transactionId },
    ]);
  });

  it('refuses as poison a fee on an account this ledger does not have', async () => {
    const l = ledger();
    const handle = handlerFor(enrollmentHandlers(l.service, keyedPostings()), 'sales.enrollment.fee-due.v1');
    await expect(
      handle?.(
        envelope('sales.enrollment.fee-due.v1', { ...feeDue('2026-02'), accountId: 'acc_none' }),
        meta,
      ),
    ).rejects.toThrow(PoisonMessageError);
  });
});

describe('a keyed request (docs/adr/0026-sales-exactly-once-by-key.md)', () => {
  const fee = adjustment('ADD_ON_FEE', 'DEBIT', 1_499, '2026-02-09T12:00') as RequestAdjustment;
  const others = Array.from({ length: PROCESSED_REQUESTS_KEPT }, (_, i) => ({
    ...adjustment('GOODWILL', 'CREDIT', 1, '2026-02-09T13:00'),
    requestId: `other-${i}`,
  }));

  it('posts nothing once recorded as posted before, however many requests came between', () => {
    given([opened])
      .after(fee, ...others)
      .when({ ...fee, transactionId: 'adj_again', postedBefore: true })
      .thenNothingHappened();
  });

  it('would post again from the account’s own list alone once 2,000 others pushed it out', () => {
    given([opened])
      .after(fee, ...others)
      .when({ ...fee, transactionId: 'adj_again' })
      .thenEventsMatch([
        {
          type: 'ledger.transaction.posted.v1',
          payload: { requestId: 'req_ADD_ON_FEE_1499_2026-02-09T12:00' },
        },
      ]);
  });

  it('posts nothing on a redelivery the account still remembers, even before its key is recorded', () => {
    given([opened])
      .after(fee)
      .when({ ...fee, transactionId: 'adj_again' })
      .thenNothingHappened();
  });
});
