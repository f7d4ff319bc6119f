import { SimulatedClock } from '@cardline/platform';
import type { RouteDeps } from '../../../services/ledger/src/adapters/http/routes';
import type {
  OpenAccountInput,
  PostTransactionInput,
} from '../../../services/ledger/src/application/account-service';
import { DomainError, type AccountState } from '../../../services/ledger/src/domain/account';
import type { StatementView, TransactionView } from '../../../services/ledger/src/adapters/mongo/read-models';

// Stand-ins for the ledger's use cases and read models, answering with
// states shaped as the aggregate and the projections store them.

const T0 = Date.parse('2026-01-10T14:00:00Z');

export const ACCOUNT: AccountState = {
  accountId: 'acc-1',
  customerId: 'cus-1',
  productCode: 'CLASSIC',
  market: 'US',
  currency: 'USD',
  creditLimit: 500000,
  aprBps: 2499,
  billingCycleDay: 5,
  timeZone: 'America/New_York',
  openedAt: T0 - 40 * 86_400_000,
  status: 'OPEN',
  balance: 12500,
  cycle: {
    startedOn: '2026-01-06',
    purchases: 12500,
    payments: 0,
    credits: 0,
    fees: 0,
    interest: 0,
    balanceDays: 50000,
    accruedThrough: '2026-01-09',
    transactionCount: 1,
    firstTransactionId: 'txn-1',
    lastTransactionId: 'txn-1',
    lastPostedAt: T0 - 86_400_000,
  },
  statementCount: 1,
  lastStatement: {
    statementId: 'stmt-1',
    closedOn: '2026-01-05',
    closingBalance: 8000,
    interest: 0,
    fees: 0,
    carried: 0,
    minimumDue: 2500,
    required: 2500,
    disputesLeftOut: [],
    dueDate: '2026-01-30',
    postingsThrough: Date.parse('2026-01-06T04:59:59.999Z'),
    payableUntil: '2026-01-30',
    paidSinceClose: 0,
    creditsSinceClose: 0,
    paidInFull: null,
    lateFeeAssessed: false,
  },
  pastDue: null,
  daysPastDue: 0,
  bucket: 'CURRENT',
  lateFeeDates: [],
  lastEodDate: '2026-01-09',
  processedRequests: [],
  disputeHolds: [{ disputeId: 'dsp-1', transactionId: 'txn-1', amount: 1000, isFee: false }],
  dueDay: 30,
  unpaidMinimums: [],
  paymentsApplied: [],
  disputeCredits: [],
};

const POSTED: TransactionView = {
  _id: 'txn-1',
  accountId: 'acc-1',
  status: 'POSTED',
  kind: 'PURCHASE',
  direction: 'DEBIT',
  amount: 12500,
  currency: 'USD',
  description: 'Whole Foods Market',
  merchant: { name: 'Whole Foods Market', mcc: '5411', city: 'New York', country: 'US' },
  cardId: 'crd-1',
  feeType: null,
  adjustmentKind: null,
  requestId: 'http:k-1',
  relatedTransactionId: null,
  declineReason: null,
  at: new Date(T0 - 86_400_000),
  seq: 3,
  balanceAfter: 12500,
  correlationId: 'corr-1',
};

const DECLINED: TransactionView = {
  ...POSTED,
  _id: 'txn-2',
  status: 'DECLINED',
  direction: null,
  amount: 900000,
  requestId: null,
  declineReason: 'INSUFFICIENT_CREDIT',
  at: new Date(T0 - 3_600_000),
  seq: 4,
  balanceAfter: null,
};

const STATEMENT: StatementView = {
  _id: 'stmt-1',
  statementId: 'stmt-1',
  accountId: 'acc-1',
  currency: 'USD',
  periodStart: new Date('2025-12-05T05:00:00Z'),
  periodEnd: new Date('2026-01-05T05:00:00Z'),
  previousBalance: 0,
  purchases: 8000,
  payments: 0,
  credits: 0,
  fees: 0,
  interest: 0,
  closingBalance: 8000,
  minimumDue: 2500,
  dueDate: new Date('2026-01-31T04:59:59.999Z'),
  transactionIds: [],
  transactionCount: 1,
  firstTransactionId: 'txn-0',
  lastTransactionId: 'txn-0',
  seq: 2,
};

/** acc-1 exists (with a statement); opening acc-taken conflicts; amounts over 500000 are declined. */
export function ledgerDeps(clock = new SimulatedClock(new Date(T0))): RouteDeps {
  const known = (id: string) => (id === ACCOUNT.accountId ? ACCOUNT : null);
  return {
    accounts: {
      get: async (id: string) => known(id),
      open: async (input: OpenAccountInput) => {
        if (input.accountId === 'acc-taken')
          throw new DomainError('ALREADY_EXISTS', 'account acc-taken already exists');
        return {
          ...ACCOUNT,
          ...input,
          accountId: input.accountId ?? 'acc-new',
          openedAt: T0,
          balance: 0,
          lastStatement: null,
          disputeHolds: undefined,
        } satisfies AccountState;
      },
      post: async (accountId: string, input: PostTransactionInput) => {
        if (!known(accountId)) throw new DomainError('NOT_FOUND', `account ${accountId} not found`);
        return input.amount > 500000
          ? {
              status: 'DECLINED',
              transactionId: 'txn-9',
              declineReason: 'INSUFFICIENT_CREDIT',
              availableCredit: 487500,
            }
          : {
              status: 'POSTED',
              transactionId: 'txn-9',
              balance: 12500 + input.amount,
              availableCredit: 487500 - input.amount,
            };
      },
    },
    readModels: {
      listTransactions: async () => [DECLINED, POSTED],
      statementLines: async (accountId: string, id: string) =>
        accountId === STATEMENT.accountId && id === STATEMENT._id ? [POSTED] : null,
      listStatements: async () => [STATEMENT],
      getStatement: async (accountId: string, id: string) =>
        accountId === STATEMENT.accountId && id === STATEMENT._id ? STATEMENT : null,
    },
    cardStatus: { listByAccount: async () => [{ cardId: 'crd-1', status: 'ACTIVE' }] },
    scheduler: { drain: async () => 2 },
    clock,
  } as unknown as RouteDeps;
}
