import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  SYSTEM,
  type DisputeCommand,
  type DisputeEvent,
  type DisputeState,
} from '../src/domain/dispute';
import { handledBy } from '../src/domain/approvals';
import { DAY, DEFAULT_POLICIES } from '../src/domain/policy';

// Separation of duties for money (docs/adr/0023-least-privilege-operations.md):
// who opened or credited a dispute does not resolve it; a credit above the
// policy's second-approver amount waits for someone else's approval.
const p = DEFAULT_POLICIES.US;
const dispute: Decider<DisputeCommand, DisputeEvent, DisputeState | null> = {
  decide: (command, state) => decide(command, state, p),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(dispute, DomainError);

const T = Date.UTC(2026, 2, 2, 15, 0);
const agent = { id: 'agent-1', role: 'agent' };
const analyst = { id: 'analyst-1', role: 'dispute_analyst' };
const second = { id: 'analyst-2', role: 'dispute_analyst' };
const supervisor = { id: 'sup-1', role: 'supervisor' };

const open = (disputedAmount: number, actor = agent): DisputeCommand => ({
  kind: 'Open',
  disputeId: 'dsp_1',
  caseId: 'case_1',
  account: { accountId: 'acc_1', customerId: 'cus_1', billingCycleDay: 5, timeZone: 'America/New_York' },
  transaction: {
    transactionId: 'txn_1',
    accountId: 'acc_1',
    kind: 'PURCHASE',
    direction: 'DEBIT',
    feeType: null,
    amount: 200_000,
    currency: 'USD',
    postedAt: T - 20 * DAY,
    cardId: 'crd_1',
    statement: { statementId: 'st_1', closedAt: T - 10 * DAY },
  },
  network: 'VISA',
  reason: 'WRONG_AMOUNT',
  disputedAmount,
  noticeAt: T,
  source: 'AGENT',
  recentFeeWaivers: 0,
  earlierLateFeesAt: [],
  liabilityInCase: 0,
  actor,
  now: T,
});
const win = (actor = second): DisputeCommand => ({
  kind: 'Resolve',
  outcome: 'CUSTOMER_WON',
  explanation: 'merchant confirmed',
  actor,
  now: T + DAY,
});
const credit = (amount: number, actor = analyst): DisputeCommand => ({
  kind: 'IssueProvisionalCredit',
  amount,
  actor,
  now: T,
});
const approve = (actor: typeof second, yes = true): DisputeCommand => ({
  kind: 'DecideCredit',
  approve: yes,
  actor,
  now: T + 2 * DAY,
});
const types = (events: DisputeEvent[]) => events.map((e) => e.type);

describe('who opened or credited a dispute does not resolve it', () => {
  it('the analyst who opened a dispute cannot resolve it; another can', () => {
    const opened = given().after(open(5000, analyst));
    opened.when(win(analyst)).thenThrows('FORBIDDEN', /opened or credited dispute dsp_1/);
    opened
      .when(win(second))
      .thenEventsMatch([
        { type: 'disputes.dispute.resolved.v1', payload: { outcome: 'CUSTOMER_WON', actor: second } },
        { type: 'ledger.adjustment.requested.v1' },
      ]);
  });

  it('the analyst who credited it provisionally cannot resolve it, whatever the outcome', () => {
    const credited = given().after(open(5000), credit(5000));
    credited.when(win(analyst)).thenThrows('FORBIDDEN');
    credited
      .when({
        kind: 'Resolve',
        outcome: 'MERCHANT_WON',
        explanation: 'receipt',
        actor: analyst,
        now: T + DAY,
      })
      .thenThrows('FORBIDDEN');
    expect(handledBy(credited.state as DisputeState)).toEqual(['agent-1', 'analyst-1']);
  });

  it('the policy’s own provisional credit binds nobody', () => {
    const byPolicy = given().after(open(5000), credit(5000, SYSTEM));
    expect(handledBy(byPolicy.state as DisputeState)).toEqual(['agent-1']);
    byPolicy.when(win(analyst)).thenEventsMatch([{ type: 'disputes.dispute.resolved.v1' }]);
  });
});

describe('a credit above the second-approver amount waits for someone else', () => {
  it('the figure is a policy figure: $500.00 in the US market', () => {
    expect(p.secondApproverAbove).toBe(50_000);
  });

  it('at the figure a provisional credit goes to the ledger at once', () => {
    const at = given()
      .after(open(60_000))
      .when(credit(50_000))
      .thenEventsMatch([
        { type: 'disputes.dispute.provisional-credit-issued.v1' },
        { type: 'ledger.adjustment.requested.v1', payload: { amount: 50_000 } },
      ]);
    expect(at.state?.pendingCredit ?? null).toBeNull();
  });

  it('above it, the credit waits; nothing reaches the ledger until a second person approves', () => {
    const asked = given()
      .after(open(60_000))
      .when(credit(50_001))
      .thenEventsMatch([
        {
          type: 'internal.credit-approval-requested',
          payload: { action: 'PROVISIONAL_CREDIT', amount: 50_001, requestedBy: analyst },
        },
      ]);
    expect(asked.state?.provisionalCredit).toBeNull();
    asked.when(approve(analyst)).thenThrows('FORBIDDEN', /someone other than the requester/);
    asked.when(approve(agent)).thenThrows('FORBIDDEN', /needs one of the roles/);
    asked.when(credit(10_000, second)).thenThrows('INVALID_STATE', /awaits a second approver/);
    const approved = asked.when(approve(second)).thenEventsMatch([
      { type: 'internal.credit-approval-decided', payload: { approved: true, actor: second } },
      { type: 'disputes.dispute.provisional-credit-issued.v1', payload: { amount: 50_001, actor: analyst } },
      { type: 'ledger.adjustment.requested.v1', payload: { amount: 50_001, direction: 'CREDIT' } },
    ]);
    expect(approved.state?.pendingCredit).toBeNull();
    expect(approved.state?.history.map((h) => h.action)).toContain('credit approved');
  });

  it('a declined credit is dropped and moves no money', () => {
    const declined = given().after(open(60_000), credit(55_000)).when(approve(second, false));
    declined.thenEventsMatch([{ type: 'internal.credit-approval-decided', payload: { approved: false } }]);
  });

  it('a customer win above it waits too; its approver may not be who opened or credited the dispute', () => {
    const asked = given()
      .after(open(80_000))
      .when(win(second))
      .thenEventsMatch([
        { type: 'internal.credit-approval-requested', payload: { action: 'RESOLVE', amount: 80_000 } },
      ]);
    expect(asked.state?.status).toBe('OPEN');
    asked.when(approve({ id: 'agent-1', role: 'supervisor' })).thenThrows('FORBIDDEN');
    const resolved = asked.when(approve(supervisor));
    expect(types(resolved.thenEventsMatch([{}, {}, {}]).decided)).toEqual([
      'internal.credit-approval-decided',
      'disputes.dispute.resolved.v1',
      'ledger.adjustment.requested.v1',
    ]);
  });

  it('a win the approved provisional credit already covers moves no new money and needs no second approver', () => {
    given()
      .after(open(60_000), credit(60_000), approve(second))
      .when(win(supervisor))
      .thenEventsMatch([
        { type: 'disputes.dispute.resolved.v1', payload: { creditAction: 'PROVISIONAL_MADE_PERMANENT' } },
      ]);
  });
});
