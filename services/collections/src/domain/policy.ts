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
