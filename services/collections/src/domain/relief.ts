/**
 * Hardship programmes and re-ageing on the case (docs/domain.md#collections,
 * "Plans"). Each is checked against the market's rules (hardship.ts,
 * reage.ts); what passes is asked of the ledger, which posts the effect
 * (docs/adr/0021-collections-plans-hardship-reage.md): a fee waiver as a
 * FEE_WAIVER credit adjustment, a reduced rate or a pause as an arrangement,
 * a re-age as an arrangement that brings the account back to current. A
 * refused re-age is recorded as an event (compliance reads which limit said
 * no), like a refused contact.
 */
import { DateTime } from 'luxon';
import type { CaseCommandOf, CaseEvent, CaseState, HardshipGrant } from './case';
import { checkHardship, programmeMonths } from './hardship';
import { keptInARow } from './plan-standing';
import { plansOf } from './plans';
import { localDate } from './promise-dates';
import { checkReAge } from './reage';
import { refuse } from './guards';
import { ruleRefused } from './refusals';

export const hardshipsOf = (s: CaseState): HardshipGrant[] => s.hardships ?? [];
const running = (s: CaseState) => hardshipsOf(s).find((h) => h.endsAt !== null && h.endedAt === null);

export function grantHardship(cmd: CaseCommandOf<'GrantHardship'>, s: CaseState): CaseEvent[] {
  const p = cmd.programme;
  const answer = checkHardship(
    p,
    { caseOpen: s.status === 'OPEN', inRecovery: s.stage === 'RECOVERY', running: running(s) !== undefined },
    cmd.policy.hardship,
  );
  if (!answer.eligible) throw ruleRefused(answer.ruleId, answer.reason);
  const months = programmeMonths(p);
  // A programme runs whole local days: it ends at the start of the day `months` months on.
  const endsAt =
    months === 0
      ? null
      : DateTime.fromMillis(cmd.now, { zone: s.timeZone }).startOf('day').plus({ months }).toMillis();
  const granted: CaseEvent = {
    type: 'collections.case.hardship-granted.v1',
    payload: {
      caseId: s.caseId,
      accountId: s.accountId,
      programmeId: cmd.programmeId,
      kind: p.kind,
      rateBps: p.kind === 'REDUCED_RATE' ? p.rateBps : null,
      months: months === 0 ? null : months,
      amount: p.kind === 'FEE_WAIVER' ? p.amount : null,
      currency: s.currency,
      endsAt,
      actor: cmd.actor,
      grantedAt: cmd.now,
    },
  };
  const requestId = `${s.caseId}:${cmd.programmeId}`;
  if (p.kind === 'FEE_WAIVER')
    return [
      granted,
      {
        type: 'ledger.adjustment.requested.v1',
        subject: s.accountId,
        payload: {
          requestId,
          accountId: s.accountId,
          direction: 'CREDIT',
          kind: 'FEE_WAIVER',
          amount: p.amount,
          currency: s.currency,
          reason: `Hardship fee waiver (${cmd.programmeId})`,
          relatedTransactionId: null,
          requestedBy: 'collections',
          requestedAt: cmd.now,
        },
      },
    ];
  return [
    granted,
    {
      type: 'ledger.adjustment.arrangement-requested.v1',
      subject: s.accountId,
      payload: {
        requestId,
        accountId: s.accountId,
        kind: p.kind,
        reference: cmd.programmeId,
        instalments: [],
        rateBps: p.kind === 'REDUCED_RATE' ? p.rateBps : null,
        endsAt,
        currency: s.currency,
        requestedBy: 'collections',
        requestedAt: cmd.now,
      },
    },
  ];
}

/** The timer's work: a reduced rate or a pause whose months have run ends (the ledger holds its own end date). */
export function endHardship(cmd: CaseCommandOf<'CheckPlans'>, s: CaseState): CaseEvent[] {
  const h = running(s);
  if (!h || h.endsAt === null || h.endsAt > cmd.now) return [];
  return [
    {
      type: 'collections.case.hardship-ended.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        programmeId: h.programmeId,
        kind: h.programme.kind,
        endedAt: h.endsAt,
      },
    },
  ];
}

/** When the running programme ends, if one runs. */
export const hardshipEndsAt = (s: CaseState): number | null => running(s)?.endsAt ?? null;

/** Minimum payments met in a row: the plan instalments kept in a row, across the case's plans in order. */
export const consecutiveMinimumPayments = (s: CaseState): number =>
  keptInARow(plansOf(s).flatMap((p) => p.verdicts));

export function requestReAge(cmd: CaseCommandOf<'RequestReAge'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 're-age the account');
  // A charged-off account is recovered, never brought back to current.
  if (s.stage === 'RECOVERY') throw refuse(s, 're-age the account', 'the account was charged off');
  const today = localDate(cmd.now, s.timeZone);
  const inARow = consecutiveMinimumPayments(s);
  const answer = checkReAge(
    {
      accountOpenedOn: cmd.accountOpenedAt === null ? null : localDate(cmd.accountOpenedAt, s.timeZone),
      consecutiveMinimumPayments: inARow,
      priorReAges: cmd.priorReAges,
      today,
    },
    cmd.policy.reAge,
  );
  const base = { caseId: s.caseId, accountId: s.accountId, requestId: cmd.requestId, actor: cmd.actor };
  if (!answer.allowed)
    return [
      {
        type: 'collections.case.re-age-refused.v1',
        payload: { ...base, limitId: answer.limitId, reason: answer.reason, refusedAt: cmd.now },
      },
    ];
  return [
    {
      type: 'collections.case.re-age-granted.v1',
      payload: { ...base, reAgedOn: today, consecutiveMinimumPayments: inARow, grantedAt: cmd.now },
    },
    {
      type: 'ledger.adjustment.arrangement-requested.v1',
      subject: s.accountId,
      payload: {
        requestId: `${s.caseId}:${cmd.requestId}`,
        accountId: s.accountId,
        kind: 'RE_AGE',
        reference: cmd.requestId,
        instalments: [],
        rateBps: null,
        endsAt: null,
        currency: s.currency,
        requestedBy: 'collections',
        requestedAt: cmd.now,
      },
    },
  ];
}
