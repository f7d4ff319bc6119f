/**
 * A training scenario as data (docs/adr/0033-console-training-mode.md): the
 * customer it seeds, the lines the simulated customer says as the trainee
 * acts, and the steps the rules require, each tied to what the sandbox
 * records (an API call in a service's audit trail, or a fact its API answers).
 */
export interface Text {
  en: string;
  zh: string;
}

export type ServiceName = 'ledger' | 'cards' | 'disputes' | 'ticketing' | 'collections' | 'sales';

/** A call the trainee made, as the service's audit trail holds it (route template, outcome). */
export interface CallEvidence {
  kind: 'call';
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT';
  route: string;
  /** ok: answered 2xx; refused: answered 4xx (the gate's 409); any: either. Default ok. */
  outcome?: 'ok' | 'refused' | 'any';
  /** Only calls at or after this local time of the customer on the simulated clock ('HH:MM'). */
  fromLocal?: string;
  /** Only calls before this local time. */
  untilLocal?: string;
}

/** Something the sandbox's state shows at the end (a dispute the fraud report caused), asked of its API. */
export interface FactEvidence {
  kind: 'fact';
  fact: FactId;
}

export type FactId = 'fraudDisputesOpened' | 'lateFeeDisputed' | 'enrolled';

export interface Step {
  id: string;
  /** The rule that requires it, by the name the docs use. */
  rule: string;
  label: Text;
  evidence: CallEvidence | FactEvidence;
  /** Steps whose first occurrence must come before this one's (the order the rule needs). */
  after?: string[];
  /** Met when no such call happened (a call the rules forbid). */
  forbidden?: boolean;
}

/** One seeding operation, run through the sandbox gateway before the trainee starts. */
export type SeedOp =
  | { do: 'openAccount'; creditLimit?: number }
  | { do: 'purchase'; amount: number; merchant: string; mcc: string; city: string }
  | { do: 'advanceHours'; hours: number }
  | { do: 'moveToLocal'; time: string }
  | { do: 'waitCollectionsCase' }
  | { do: 'contactFacts'; mobile: boolean }
  | { do: 'salesFacts'; doNotCall: boolean; inHardship: boolean }
  /** Moves the clocks `stepDays` at a time (each service firing what came due) until the ledger or collections shows it. */
  | { do: 'advanceUntil'; until: 'lateFee' | 'collectionsCase'; stepDays: number; maxDays: number }
  | { do: 'waitOffer'; addOn: string };

/** What the customer says; `after` a step's first occurrence, else as the call starts. */
export interface Line {
  after?: string;
  say: Text;
}

export interface Scenario {
  id: string;
  title: Text;
  /** What the trainee is told before the call: who calls, and the role to sign in as. */
  briefing: Text;
  role: 'agent' | 'collector' | 'sales_agent';
  /** The customer's zone; the simulated clock runs in real time from the seed's end. */
  timeZone: string;
  /**
   * Instead, the first of these zones where it is now 09:00–20:00: sales keeps
   * the system clock in the sandbox and calls only within the calling hours.
   */
  daytimeZones?: readonly string[];
  seed: SeedOp[];
  script: Line[];
  steps: Step[];
}
