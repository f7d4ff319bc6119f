import type { CaseState, HeldDispute } from '../domain/case';
import type { Channel, ContactRecord, Direction, Outcome, Party } from '../domain/contact';

/** What collections knows of a ledger account, from its opening (customer, market, local calendar). */
export interface LedgerAccount {
  accountId: string;
  customerId: string;
  market: CaseState['market'];
  timeZone: string;
  currency: string;
  /** When the ledger opened it (re-ageing counts the account's age); null in views written before it was kept. */
  openedAt?: number | null;
}

/** Collections' own view of the ledger's accounts. */
export interface Accounts {
  account(accountId: string): Promise<LedgerAccount | null>;
}

/** Collections' own view of disputes: which are open on an account, and what each holds. */
export interface OpenDisputes {
  openOn(accountId: string): Promise<HeldDispute[]>;
}

/** One contact attempt as the contact records keep it: append-only, never updated, kept at least two years. */
export interface ContactAttemptRecord {
  attemptId: string;
  caseId: string;
  accountId: string;
  /** The debtor: the gate counts across all their accounts. Null when the ledger account was never seen. */
  customerId: string | null;
  channel: Channel;
  direction: Direction;
  party: Party;
  outcome: Outcome;
  collector: { id: string; role: string };
  at: Date;
  recordedAt: Date;
  contactRef: string | null;
  recordingRef: string | null;
  note: string | null;
}

/** One answer of the contact gate, as the decision log keeps it (append-only). */
export interface ContactDecisionRecord {
  attemptId: string;
  caseId: string;
  accountId: string;
  channel: Channel;
  party: Party;
  market: string;
  allowed: boolean;
  ruleIds: string[];
  reason: string | null;
  nextAllowedAt: Date | null;
  requestedBy: { id: string; role: string };
  decidedAt: Date;
}

export interface DecisionFilter {
  accountId?: string;
  from?: Date;
  to?: Date;
}

/** The contact records and the decision log: appended to, read by the gate and by compliance. */
export interface ContactLog {
  appendAttempt(r: ContactAttemptRecord): Promise<void>;
  appendDecision(r: ContactDecisionRecord): Promise<void>;
  /** The debtor's attempts since an instant, as the gate reads them. */
  historyOf(debtor: { customerId: string | null; accountId: string }, since: Date): Promise<ContactRecord[]>;
  /** Decisions in time order (at most 1,000). */
  decisions(f: DecisionFilter): Promise<ContactDecisionRecord[]>;
  /** Recorded attempts per case (the variant report's contacts used); cases without any are absent. */
  attemptsPerCase(caseIds: readonly string[]): Promise<Map<string, number>>;
  /** Per person who recorded contacts or asked the gate in the period (system actors left out). */
  collectorActivity(p: Period): Promise<CollectorActivity[]>;
}

export interface Period {
  from?: Date;
  to?: Date;
}

export interface CollectorActivity {
  collectorId: string;
  contacts: number;
  /** Contacts whose attempt has no allowed decision in the log: the gate overridden. */
  refusalsOverridden: number;
  gateRefusals: number;
}

/** A complaint about a collector's conduct on a case, as a supervisor or compliance recorded it (append-only). */
export interface ComplaintRecord {
  complaintId: string;
  collectorId: string;
  caseId: string;
  category: 'HARASSMENT' | 'THREAT' | 'DISCLOSURE' | 'CONDUCT';
  recordedBy: { id: string; role: string };
  at: Date;
}

export interface Complaints {
  record(c: ComplaintRecord): Promise<void>;
  /** Complaints per collector in the period. */
  countByCollector(p: Period): Promise<Map<string, number>>;
}
