/**
 * The card-network chargeback: filed within the network's limit, then the
 * merchant accepts or represents; the issuer may escalate to pre-arbitration
 * and arbitration. The network's answers arrive as RecordNetworkStep; the
 * steps that end it resolve the dispute.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import { NETWORK } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState, Stage, Step } from './dispute';
import { resolution } from './money';
import { DAY, networkDeadlines, type DisputePolicy, type NetworkDeadlines } from './policy';
import { reasonCodeFor } from './reason-codes';

/**
 * The code follows the network, the reason and, for fraud, the entry mode the
 * analyst read from the authorisation and whether the card was lost or
 * stolen (the claim came from a cards fraud report).
 */
export function fileChargeback(
  cmd: DisputeCommandOf<'FileChargeback'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  if (s.chargeback)
    throw new DomainError('INVALID_STATE', `a chargeback was already filed (${s.chargeback.stage})`);
  const code = reasonCodeFor(s.network, s.reason, {
    entryMode: cmd.entryMode,
    cardLostOrStolen: s.source === 'FRAUD_REPORT',
  });
  const deadlines = networkDeadlines(p, s.network);
  if (!code || !deadlines) throw new DomainError('INVALID', `no chargeback for ${s.reason} on ${s.network}`);
  if (cmd.now > s.transactionPostedAt + p.chargebackFilingDays * DAY)
    throw new DomainError('INVALID', `past the ${p.chargebackFilingDays}-day filing limit`);
  return [
    progressed(
      s,
      code,
      'FILED',
      'CHARGEBACK',
      cmd.now + deadlines.merchantResponseDays * DAY,
      null,
      cmd.actor,
      cmd.now,
    ),
  ];
}

export function escalatePreArbitration(
  cmd: DisputeCommandOf<'EscalatePreArbitration'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  if (s.chargeback?.stage !== 'REPRESENTMENT')
    throw new DomainError(
      'INVALID_STATE',
      `pre-arbitration follows a representment; the chargeback is ${s.chargeback?.stage ?? 'not filed'}`,
    );
  return [
    progressed(
      s,
      s.chargeback.reasonCode,
      'PRE_ARBITRATION_FILED',
      'PRE_ARBITRATION',
      cmd.now + deadlinesOf(s, p).merchantResponseDays * DAY,
      null,
      cmd.actor,
      cmd.now,
    ),
  ];
}

/** The network rules by its deadline: the respondBy is the network's, not a clock of the issuer's. */
export function fileArbitration(
  cmd: DisputeCommandOf<'FileArbitration'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  if (s.chargeback?.stage !== 'PRE_ARBITRATION' || !s.chargeback.issuersMove)
    throw new DomainError('INVALID_STATE', 'arbitration follows a declined pre-arbitration');
  return [
    progressed(
      s,
      s.chargeback.reasonCode,
      'ARBITRATION_FILED',
      'ARBITRATION',
      cmd.now + deadlinesOf(s, p).arbitrationRulingDays * DAY,
      null,
      cmd.actor,
      cmd.now,
    ),
  ];
}

/** A filed chargeback's network takes chargebacks: filing checked it. */
function deadlinesOf(s: DisputeState, p: DisputePolicy): NetworkDeadlines {
  const d = networkDeadlines(p, s.network);
  if (!d) throw new DomainError('INVALID', `no chargeback on ${s.network}`);
  return d;
}

export function recordNetworkStep(
  cmd: DisputeCommandOf<'RecordNetworkStep'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  const stage = s.chargeback?.stage;
  const expects: Record<typeof cmd.step, Stage> = {
    MERCHANT_ACCEPTED: 'CHARGEBACK',
    MERCHANT_REPRESENTED: 'CHARGEBACK',
    PRE_ARBITRATION_ACCEPTED: 'PRE_ARBITRATION',
    PRE_ARBITRATION_DECLINED: 'PRE_ARBITRATION',
    RULED_FOR_CARDHOLDER: 'ARBITRATION',
    RULED_FOR_MERCHANT: 'ARBITRATION',
  };
  if (stage !== expects[cmd.step] || (stage === 'PRE_ARBITRATION' && s.chargeback?.issuersMove))
    throw new DomainError('INVALID_STATE', `${cmd.step} does not follow stage ${stage ?? 'none'}`);
  const code = s.chargeback?.reasonCode ?? '';
  const issuerDeadline = cmd.now + deadlinesOf(s, p).issuerResponseDays * DAY;
  switch (cmd.step) {
    case 'MERCHANT_REPRESENTED':
      return [progressed(s, code, cmd.step, 'REPRESENTMENT', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'PRE_ARBITRATION_DECLINED':
      return [progressed(s, code, cmd.step, 'PRE_ARBITRATION', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'MERCHANT_ACCEPTED':
    case 'PRE_ARBITRATION_ACCEPTED':
    case 'RULED_FOR_CARDHOLDER':
      return [
        progressed(s, code, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
        ...resolution(
          s,
          'CUSTOMER_WON',
          `The merchant's bank ${cmd.step === 'RULED_FOR_CARDHOLDER' ? 'lost at arbitration' : 'accepted the chargeback'}`,
          NETWORK,
          cmd.now,
        ),
      ];
    case 'RULED_FOR_MERCHANT':
      return [
        progressed(s, code, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
        ...resolution(
          s,
          'MERCHANT_WON',
          cmd.note ?? 'The card network ruled for the merchant at arbitration',
          NETWORK,
          cmd.now,
        ),
      ];
  }
}

function progressed(
  s: DisputeState,
  reasonCode: string,
  step: Step,
  stage: Stage,
  respondBy: number | null,
  note: string | null,
  actor: Actor,
  now: number,
): DisputeEvent {
  return {
    type: 'disputes.dispute.chargeback-progressed.v1',
    payload: {
      disputeId: s.disputeId,
      accountId: s.accountId,
      network: s.network,
      reasonCode,
      stage,
      step,
      respondBy,
      note,
      actor,
      at: now,
    },
  };
}
