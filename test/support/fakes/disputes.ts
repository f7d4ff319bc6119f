import { SimulatedClock } from '@cardline/platform';
import type { RouteDeps } from '../../../services/disputes/src/adapters/http/routes';
import { DomainError, type DisputeState } from '../../../services/disputes/src/domain/dispute';

// Stand-ins for the disputes use cases, answering with states shaped as the
// aggregate stores them.

const T0 = Date.parse('2026-01-12T12:00:00Z');
const DAY = 86_400_000;
const agent = { id: 'agent-1', role: 'agent' };
const analyst = { id: 'analyst-1', role: 'dispute_analyst' };

export const OPEN: DisputeState = {
  disputeId: 'dsp-1',
  caseId: 'case-1',
  accountId: 'acc-1',
  customerId: 'cus-1',
  cardId: 'crd-1',
  network: 'VISA',
  kind: 'BILLING_ERROR',
  customerLiability: null,
  reason: 'WRONG_AMOUNT',
  transactionId: 'txn-1',
  transactionAmount: 12500,
  transactionPostedAt: T0 - 5 * DAY,
  disputedAmount: 2500,
  currency: 'USD',
  statementId: null,
  protection: 'BILLING_ERROR_PROTECTED',
  protectionDetail: 'notice within 60 days of the statement',
  source: 'AGENT',
  noticeAt: T0,
  status: 'OPEN',
  clocks: {
    ACKNOWLEDGE: { dueAt: T0 + 30 * DAY, met: false, warned: false, breached: false },
    RESOLVE: { dueAt: T0 + 90 * DAY, met: false, warned: false, breached: false },
  },
  acknowledgedAt: null,
  provisionalCredit: null,
  goodwill: null,
  chargeback: null,
  resolution: null,
  history: [{ at: T0, actor: agent, action: 'opened', detail: 'WRONG_AMOUNT on txn-1: 2500 USD' }],
};

/** Every optional part filled in: credit, goodwill, chargeback, resolution. */
const WORKED: DisputeState = {
  ...OPEN,
  status: 'RESOLVED',
  clocks: {
    ...OPEN.clocks,
    PROVISIONAL_CREDIT: { dueAt: T0 + 10 * DAY, met: true, warned: true, breached: false },
    NETWORK_RESPONSE: { dueAt: T0 + 40 * DAY, met: true, warned: false, breached: true },
  },
  acknowledgedAt: T0 + DAY,
  provisionalCredit: { requestId: 'dsp-1:pc', amount: 2500, issuedAt: T0 + DAY },
  goodwill: { decision: 'WAIVED', decidedBy: 'OVERRIDE', reason: 'long-standing customer' },
  chargeback: { reasonCode: '12.5', stage: 'PRE_ARBITRATION', respondBy: null, issuersMove: false },
  resolution: {
    outcome: 'CUSTOMER_WON',
    amount: 2500,
    creditAction: 'PROVISIONAL_MADE_PERMANENT',
    explanation: 'the merchant accepted',
    at: T0 + 20 * DAY,
  },
  history: [
    ...OPEN.history,
    { at: T0 + 20 * DAY, actor: analyst, action: 'resolved customer won', detail: 'x' },
  ],
};

const known = (id: string) => {
  if (id === OPEN.disputeId) return OPEN;
  if (id === 'dsp-worked') return { ...WORKED, disputeId: id };
  throw new DomainError('NOT_FOUND', `dispute ${id} not found`);
};
/** A command on dsp-1 answers the fully worked state; on dsp-worked (resolved) it is refused. */
const act = async (id: string) => {
  const s = known(id);
  if (s.status !== 'OPEN') throw new DomainError('INVALID_STATE', `dispute ${id} is already resolved`);
  return { state: { ...WORKED, status: 'OPEN' as const, resolution: null }, events: [] };
};

/** dsp-1 is open, dsp-worked resolved; an open dispute on txn-none is a 404, above the charge a 422. */
export function disputesDeps(clock = new SimulatedClock(new Date(T0))): RouteDeps {
  return {
    disputes: {
      open: async (input: { transactionId: string; disputedAmount?: number }) => {
        if (input.transactionId === 'txn-none')
          throw new DomainError('NOT_FOUND', 'transaction txn-none not found');
        if ((input.disputedAmount ?? 0) > OPEN.transactionAmount)
          throw new DomainError('INVALID', 'the disputed amount is above the charge');
        return OPEN;
      },
      list: async () => [OPEN, { ...WORKED, disputeId: 'dsp-worked' }],
      require: async (id: string) => known(id),
      acknowledge: act,
      issueProvisionalCredit: act,
      overrideGoodwill: act,
      fileChargeback: act,
      escalatePreArbitration: act,
      fileArbitration: act,
      recordNetworkStep: act,
      resolve: act,
      withdraw: act,
      decideCredit: act,
    },
    clock,
    drainClocks: async () => 3,
  } as unknown as RouteDeps;
}
