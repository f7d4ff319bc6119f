import { DomainError, PoisonMessageError, handlerFor, type EventEnvelope } from '@cardline/platform';
import type { SalesEnrollmentCancelledV1, SalesEnrollmentFeeDueV1 } from '@cardline/schemas';
import type { AccountService, AdjustmentRequest } from '../src/application/account-service';
import { enrollmentHandlers } from '../src/adapters/kafka/handlers';
import { decide, evolve, type AccountEvent, type AccountState } from '../src/domain/account';
import { opened, policy, postings } from './account-fixtures';

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
  return { events, service: { requestAdjustment } as unknown as AccountService };
}

describe('the ledger posts add-on fees and refunds', () => {
  it('a fee due is one debit per month, however often it is delivered', async () => {
    const l = ledger();
    const handle = handlerFor(enrollmentHandlers(l.service), 'sales.enrollment.fee-due.v1');
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
    const handle = handlerFor(enrollmentHandlers(l.service), 'sales.enrollment.cancelled.v1');
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

  it('refuses as poison a fee on an account this ledger does not have', async () => {
    const l = ledger();
    const handle = handlerFor(enrollmentHandlers(l.service), 'sales.enrollment.fee-due.v1');
    await expect(
      handle?.(
        envelope('sales.enrollment.fee-due.v1', { ...feeDue('2026-02'), accountId: 'acc_none' }),
        meta,
      ),
    ).rejects.toThrow(PoisonMessageError);
  });
});
