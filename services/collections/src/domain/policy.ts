/**
 * The contact rule packs per market, with the defaults of
 * docs/domain.md#collections. Pure configuration: each figure sits beside the
 * id of the rule that applies it, and a market without a rule has null there.
 */
import { OUTCOMES, type Channel, type Outcome, type Party } from './contact';

export type Market = 'US' | 'CN';

export type RuleId =
  | 'ALL.PARTY'
  | 'ALL.CEASE'
  | 'ALL.ATTORNEY'
  | 'ALL.DO_NOT_CONTACT'
  | 'ALL.TIME_ZONE'
  | 'ALL.PROMISE_SUPPRESSION'
  | 'ALL.MARKET'
  | 'US.VALIDATION_NOTICE'
  | 'US.OPT_OUT'
  | 'US.AUTODIAL_CONSENT'
  | 'US.CONTACT_HOURS'
  | 'US.CALL_FREQUENCY_7_IN_7'
  | 'US.AFTER_CONVERSATION_7D'
  | 'CN.QUIET_HOURS'
  | 'CN.UNANSWERED_6_PER_DAY_CHANNEL'
  | 'CN.CONVERSATIONS_3_PER_DAY';

/** Local wall-clock time, "HH:MM". */
export type LocalTime = `${number}:${number}`;

/** Contact only from `from` (inclusive) until `until` (exclusive), debtor's local time. */
export interface ContactHours {
  ruleId: RuleId;
  from: LocalTime;
  until: LocalTime;
  channels: readonly Channel[];
}

/**
 * An attempt is refused while `limit` counted records lie in the rolling
 * window of the last `windowDays` × 24 h (instants, not local days, so a DST
 * change neither adds nor removes an hour). A limit of 7 lets 7 through and
 * refuses the 8th.
 */
export interface RollingLimit {
  ruleId: RuleId;
  limit: number;
  windowDays: number;
  /** Attempts on these channels are limited… */
  channels: readonly Channel[];
  /** …by records on these channels with these outcomes. */
  counts: { channels: readonly Channel[]; outcomes: readonly Outcome[]; inbound: boolean };
  /** DEBT: only the attempt's debt counts; DEBTOR: the debtor's whole history. */
  per: 'DEBT' | 'DEBTOR';
}

/** An attempt is refused while `limit` counted records lie in the debtor's current local day. */
export interface DailyLimit {
  ruleId: RuleId;
  limit: number;
  channels: readonly Channel[];
  /** SAME_CHANNEL: only records on the attempt's channel count. */
  counts: { channels: readonly Channel[] | 'SAME_CHANNEL'; outcomes: readonly Outcome[]; inbound: boolean };
  per: 'DEBT' | 'DEBTOR';
}

export interface ContactRulePack {
  market: Market;
  /** ALL.PARTY: who may be contacted about the debt. */
  parties: readonly Party[];
  hours: ContactHours;
  /** A validation notice must have gone out before any other contact about the debt. */
  validationNotice: { ruleId: RuleId } | null;
  /** Messages on these channels must carry an opt-out. */
  optOut: { ruleId: RuleId; channels: readonly Channel[] } | null;
  /** Autodialled or prerecorded contact on these channels to a mobile needs consent. */
  autodialConsent: { ruleId: RuleId; channels: readonly Channel[] } | null;
  rollingLimits: readonly RollingLimit[];
  dailyLimits: readonly DailyLimit[];
}

/** Channels with a moment of delivery the debtor notices; a letter arrives by post. */
const TIMED: readonly Channel[] = ['CALL', 'SMS', 'EMAIL', 'WECHAT', 'FIELD_VISIT'];

/** A conversation with the right party, whatever was agreed in it. */
const CONVERSATION: readonly Outcome[] = ['RIGHT_PARTY_CONTACT', 'PROMISE', 'REFUSED'];

const US: ContactRulePack = {
  market: 'US',
  parties: ['DEBTOR'],
  // FDCPA §805(a)(1): 8 a.m.–9 p.m. is presumed convenient, for every kind of communication.
  hours: { ruleId: 'US.CONTACT_HOURS', from: '08:00', until: '21:00', channels: TIMED },
  validationNotice: { ruleId: 'US.VALIDATION_NOTICE' },
  optOut: { ruleId: 'US.OPT_OUT', channels: ['SMS', 'EMAIL'] },
  autodialConsent: { ruleId: 'US.AUTODIAL_CONSENT', channels: ['CALL'] },
  rollingLimits: [
    // Reg F §1006.14(b)(2): calls placed by the collector count; the debtor's own calls do not.
    {
      ruleId: 'US.CALL_FREQUENCY_7_IN_7',
      limit: 7,
      windowDays: 7,
      channels: ['CALL'],
      counts: { channels: ['CALL'], outcomes: OUTCOMES, inbound: false },
      per: 'DEBT',
    },
    // No call for 7 days after a telephone conversation: one conversation in the window refuses.
    {
      ruleId: 'US.AFTER_CONVERSATION_7D',
      limit: 1,
      windowDays: 7,
      channels: ['CALL'],
      counts: { channels: ['CALL'], outcomes: CONVERSATION, inbound: false },
      per: 'DEBT',
    },
  ],
  dailyLimits: [],
};

const CN: ContactRulePack = {
  market: 'CN',
  parties: ['DEBTOR', 'GUARANTOR'],
  // Industry guidance rather than law (docs/domain.md#collections), hence a setting.
  hours: { ruleId: 'CN.QUIET_HOURS', from: '08:00', until: '22:00', channels: TIMED },
  validationNotice: null,
  optOut: null,
  autodialConsent: null,
  rollingLimits: [],
  dailyLimits: [
    {
      ruleId: 'CN.UNANSWERED_6_PER_DAY_CHANNEL',
      limit: 6,
      channels: TIMED,
      counts: { channels: 'SAME_CHANNEL', outcomes: ['NO_ANSWER'], inbound: false },
      per: 'DEBTOR',
    },
    {
      ruleId: 'CN.CONVERSATIONS_3_PER_DAY',
      limit: 3,
      channels: TIMED,
      counts: { channels: TIMED, outcomes: CONVERSATION, inbound: false },
      per: 'DEBTOR',
    },
  ],
};

export const DEFAULT_RULE_PACKS: Record<Market, ContactRulePack> = { US, CN };

// ---- repayment plans, hardship and re-ageing (docs/domain.md#collections, "Plans") ----

/** The id of each limit a re-age request is held to: a refusal names it. */
export type ReAgeLimitId =
  | 'REAGE.ACCOUNT_AGE'
  | 'REAGE.CONSECUTIVE_MINIMUM_PAYMENTS'
  | 'REAGE.ONCE_IN_12_MONTHS'
  | 'REAGE.TWICE_IN_5_YEARS';

/** The id of each eligibility rule of a hardship programme: a refusal names it. */
export type HardshipRuleId =
  | 'HARDSHIP.CASE_OPEN'
  | 'HARDSHIP.NOT_IN_RECOVERY'
  | 'HARDSHIP.ONE_AT_A_TIME'
  | 'HARDSHIP.REDUCED_RATE_RANGE'
  | 'HARDSHIP.REDUCED_RATE_MONTHS'
  | 'HARDSHIP.FEE_WAIVER_CAP'
  | 'HARDSHIP.PAUSE_MONTHS';

/** The id of each rule a repayment plan is held to. */
export type PlanRuleId =
  | 'PLAN.CASE_OPEN'
  | 'PLAN.ONE_AT_A_TIME'
  | 'PLAN.INSTALMENT_COUNT'
  | 'PLAN.TOTAL'
  | 'PLAN.FIRST_DATE'
  | 'PLAN.MINIMUM_INSTALMENT';

export type PlanFrequency = 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY';

export interface PlanPolicy {
  market: Market;
  plan: {
    /** PLAN.INSTALMENT_COUNT: 2 to `maxInstalments` instalments. */
    minInstalments: number;
    maxInstalments: number;
    /** PLAN.FIRST_DATE: the first instalment falls after today and within this many days (local). */
    maxDaysToFirst: number;
    /** PLAN.MINIMUM_INSTALMENT: no instalment below this, minor units. */
    minInstalmentAmount: number;
    /** Days after an instalment's date that a payment still counts for it. */
    graceDays: number;
    /** The plan is broken at this many missed instalments (counted, not in a row). */
    missesToBreak: number;
  };
  hardship: {
    /** HARDSHIP.REDUCED_RATE_RANGE: the reduced APR, basis points. */
    minRateBps: number;
    maxRateBps: number;
    /** HARDSHIP.REDUCED_RATE_MONTHS: 1 to this many months. */
    maxRateMonths: number;
    /** HARDSHIP.FEE_WAIVER_CAP: most fees waived by one programme, minor units. */
    maxFeeWaiver: number;
    /** HARDSHIP.PAUSE_MONTHS: 1 to this many months without a payment due. */
    maxPauseMonths: number;
  };
  reAge: {
    /** REAGE.ACCOUNT_AGE: months the account has been open, on its local calendar. */
    minAccountAgeMonths: { limitId: ReAgeLimitId; months: number };
    /** REAGE.CONSECUTIVE_MINIMUM_PAYMENTS: minimum payments met in a row. */
    consecutiveMinimumPayments: { limitId: ReAgeLimitId; count: number };
    /** REAGE.ONCE_IN_12_MONTHS / REAGE.TWICE_IN_5_YEARS: at most `max` re-ages in any `months` months. */
    frequency: readonly { limitId: ReAgeLimitId; max: number; months: number }[];
  };
}

// FFIEC Uniform Retail Credit Classification and Account Management Policy (2000): re-ageing
// only after 9 months open, 3 consecutive minimum monthly payments, once in 12 months, twice in 5 years.
const RE_AGE_LIMITS: PlanPolicy['reAge'] = {
  minAccountAgeMonths: { limitId: 'REAGE.ACCOUNT_AGE', months: 9 },
  consecutiveMinimumPayments: { limitId: 'REAGE.CONSECUTIVE_MINIMUM_PAYMENTS', count: 3 },
  frequency: [
    { limitId: 'REAGE.ONCE_IN_12_MONTHS', max: 1, months: 12 },
    { limitId: 'REAGE.TWICE_IN_5_YEARS', max: 2, months: 60 },
  ],
};

export const DEFAULT_PLAN_POLICIES: Record<Market, PlanPolicy> = {
  US: {
    market: 'US',
    plan: {
      minInstalments: 2,
      maxInstalments: 60,
      maxDaysToFirst: 30,
      minInstalmentAmount: 1000,
      graceDays: 2,
      missesToBreak: 2,
    },
    hardship: { minRateBps: 0, maxRateBps: 999, maxRateMonths: 12, maxFeeWaiver: 20_000, maxPauseMonths: 3 },
    reAge: RE_AGE_LIMITS,
  },
  CN: {
    market: 'CN',
    plan: {
      minInstalments: 2,
      maxInstalments: 60,
      maxDaysToFirst: 30,
      minInstalmentAmount: 5000,
      graceDays: 2,
      missesToBreak: 2,
    },
    hardship: { minRateBps: 0, maxRateBps: 999, maxRateMonths: 12, maxFeeWaiver: 100_000, maxPauseMonths: 3 },
    reAge: RE_AGE_LIMITS,
  },
};

/** The plan figures of a market; an unknown market gets the US figures (the gate refuses its contacts anyway). */
export function planPolicyFor(market: string): PlanPolicy {
  return DEFAULT_PLAN_POLICIES[market === 'CN' ? 'CN' : 'US'];
}
