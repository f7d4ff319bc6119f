/** The parts of the services' answers the console reads (their OpenAPI at /openapi.json has the whole). */
export interface Account {
  accountId: string;
  customerId: string;
  productCode: string;
  market: 'US' | 'CN';
  status: string;
  currency: string;
  creditLimit: number;
  balance: number;
  availableCredit: number;
  aprBps: number;
  timeZone: string;
  daysPastDue: number;
  delinquencyBucket: string;
  amountPastDue: number;
  amountInDispute: number;
  lastStatement: {
    statementId: string;
    closingBalance: number;
    minimumDue: number;
    minimumDueNow: number;
    dueDate: string;
  } | null;
}

export interface Card {
  cardId: string;
  accountId: string;
  customerId: string;
  maskedNumber: string;
  last4: string;
  network: string;
  expiry: string;
  status: string;
  statusChangedAt: string | null;
  freeze: { reason: string; at: string | null } | null;
  block: { kind: string; lastLegitimateUseAt: string | null; reportedAt: string | null } | null;
  replacedByCardId: string | null;
}

export interface TraceTx {
  transactionId: string;
  amount: number;
  currency: string;
  merchant: { name?: string } | null;
  transactedAt: string | null;
  alreadyReported: boolean;
}

export interface FraudTrace {
  cardId: string;
  status: string;
  lastLegitimateUseAt: string | null;
  transactions: TraceTx[];
  declinedAttempts: { transactionId: string; amount: number; currency: string; reason: string; at: string }[];
}

export interface SlaClock {
  state: 'RUNNING' | 'PAUSED' | 'BREACHED';
  dueAt: string | null;
  remainingMs: number | null;
  warned: boolean;
  breached: boolean;
}

export interface CaseSummary {
  caseId: string;
  customerId: string;
  accountId: string | null;
  channel: string;
  topic: string;
  priority: string;
  subject: string;
  status: string;
  level: string;
  openedAt: string;
  sla: Record<string, SlaClock>;
  correlationIds: string[];
}

export interface Dispute {
  disputeId: string;
  accountId: string;
  kind: string;
  reason: string;
  status: string;
  transactionId: string;
  disputedAmount: number;
  currency: string;
  source: string;
  clocks: Record<string, { dueAt: string | null; met: boolean; warned: boolean; breached: boolean }>;
}

export interface Transaction {
  transactionId: string;
  kind: string;
  amount: number;
  currency: string;
  at: string;
  merchant?: { name?: string } | null;
  description?: string | null;
}

export interface CollectionsCase {
  caseId: string;
  accountId: string;
  timeZone: string;
  status: string;
  stage: string;
  bucket: string;
  daysPastDue: number;
  amountOwed: number;
  collectableAmount: number;
  currency: string;
  promises: {
    promiseId: string;
    status: string;
    totalAmount: number;
    paidAmount: number;
    instalments: { amount: number; dueDate: string; met: boolean }[];
  }[];
  suppressedUntil: string | null;
}

export interface Relief {
  plans: {
    planId: string;
    status: string;
    frequency: string;
    totalAmount: number;
    instalments: { amount: number }[];
  }[];
  hardships: { programmeId: string; kind: string; endsAt: string | null; endedAt: string | null }[];
}

export interface Decision {
  attemptId: string;
  channel: string;
  allowed: boolean;
  ruleIds: string[];
  reason: string | null;
  nextAllowedAt: string | null;
  decidedAt: string;
}

/** The contact gate asked without an attempt (collections' GET …/contact-verdict): nothing recorded. */
export interface Verdicts {
  at: string;
  timeZone: string;
  items: {
    channel: string;
    allowed: boolean;
    ruleIds: string[];
    reason: string | null;
    nextAllowedAt: string | null;
  }[];
}

export interface Answers {
  items: {
    accountId: string;
    productCode: string;
    asOf: string | null;
    answers: { question: string; text: string; figures: Record<string, number | string | null> }[];
  }[];
}
