import type { ContactAttempt, ContactRecord, DebtorFacts } from '../src/domain/contact';
import { decide, type ContactDecision } from '../src/domain/contact-gate';
import { DEFAULT_RULE_PACKS, type Market } from '../src/domain/policy';
import { fromWall } from './contact-oracle';

export const NY = 'America/New_York';
export const LA = 'America/Los_Angeles';
export const PHOENIX = 'America/Phoenix';
export const SHANGHAI = 'Asia/Shanghai';
export const HONOLULU = 'Pacific/Honolulu';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** An instant given as local wall time ("2026-03-10T20:59") in a zone, as ISO UTC (by the oracle's clock). */
export const local = (wall: string, zone: string): string =>
  new Date(fromWall(zone, Date.parse(`${wall}Z`))).toISOString();

export const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

export const attempt = (over: Partial<ContactAttempt> = {}): ContactAttempt => ({
  debtId: 'debt-1',
  channel: 'CALL',
  party: 'DEBTOR',
  autodialled: false,
  hasOptOut: true,
  carriesValidationNotice: false,
  ...over,
});

export const facts = (over: Partial<DebtorFacts> = {}): DebtorFacts => ({
  timeZone: NY,
  ceaseRequested: false,
  attorneyOnFile: false,
  doNotContact: [],
  mobile: false,
  autodialConsentOnMobile: false,
  validationNoticeSentAt: '2026-01-02T15:00:00.000Z',
  ...over,
});

export const record = (at: string, over: Partial<ContactRecord> = {}): ContactRecord => ({
  at,
  debtId: 'debt-1',
  channel: 'CALL',
  direction: 'OUTBOUND',
  outcome: 'NO_ANSWER',
  ...over,
});

/** The gate as a test asks it: one market's default pack, history and facts given once. */
export function gate(market: Market, history: readonly ContactRecord[] = [], f: Partial<DebtorFacts> = {}) {
  const pack = DEFAULT_RULE_PACKS[market];
  const zone = f.timeZone ?? (market === 'CN' ? SHANGHAI : NY);
  return (at: string, a: Partial<ContactAttempt> = {}): ContactDecision =>
    decide(attempt(a), history, facts({ timeZone: zone, ...f }), pack, at);
}

/** A refusal by its rule and next instant, as the tests assert it. */
export const refused = (ruleId: string, nextAllowedAt: string | null) =>
  expect.objectContaining({ allowed: false, ruleId, nextAllowedAt });
