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
import { DAY, type DisputePolicy } from './policy';
import { reasonCodeFor } from './reason-codes';

export function fileChargeback(
  cmd: DisputeCommandOf<'FileChargeback'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  if (s.chargeback)
    throw new DomainError('INVALID_STATE', `a chargeback was already filed (${s.chargeback.stage})`);
  const code = reasonCodeFor(s.network, s.reason);
  if (!code) throw new DomainError('INVALID', `no chargeback for ${s.reason} on ${s.network}`);
  if (cmd.now > s.transactionPostedAt + p.chargebackFilingDays * DAY)
    throw new DomainError('INVALID', `past the ${p.chargebackFilingDays}-day filing limit`);
  return [
    progressed(
      { ...s, chargeback: null },
      'FILED',
      'CHARGEBACK',
      cmd.now + p.merchantResponseDays * DAY,
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
      'PRE_ARBITRATION_FILED',
      'PRE_ARBITRATION',
      cmd.now + p.merchantResponseDays * DAY,
      null,
      cmd.actor,
      cmd.now,
    ),
  ];
}

export function fileArbitration(cmd: DisputeCommandOf<'FileArbitration'>, s: DisputeState): DisputeEvent[] {
  if (s.chargeback?.stage !== 'PRE_ARBITRATION' || !s.chargeback.issuersMove)
    throw new DomainError('INVALID_STATE', 'arbitration follows a declined pre-arbitration');
  return [progressed(s, 'ARBITRATION_FILED', 'ARBITRATION', null, null, cmd.actor, cmd.now)];
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
  const issuerDeadline = cmd.now + p.issuerResponseDays * DAY;
  switch (cmd.step) {
    case 'MERCHANT_REPRESENTED':
      return [progressed(s, cmd.step, 'REPRESENTMENT', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'PRE_ARBITRATION_DECLINED':
      return [progressed(s, cmd.step, 'PRE_ARBITRATION', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'MERCHANT_ACCEPTED':
    case 'PRE_ARBITRATION_ACCEPTED':
    case 'RULED_FOR_CARDHOLDER':
      return [
        progressed(s, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
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
        progressed(s, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
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
      reasonCode: s.chargeback?.reasonCode ?? reasonCodeFor(s.network, s.reason) ?? '',
      stage,
      step,
      respondBy,
      note,
      actor,
      at: now,
    },
  };
}
