import type { mongo } from 'mongoose';
import { ensureIndexes, LeasedTimer, type Clock, type Logger, type TimerReporting } from '@cardline/platform';
import type { DisputeCommand, Network } from '../../domain/dispute';
import { DAY, DEFAULT_POLICIES, type NetworkDeadlines as Rules } from '../../domain/policy';
import type { CardNetwork, NetworkFiling } from '../../application/ports';

/** The network's own clock for each stage (days for the other side to answer, or to rule). */
export type NetworkDeadlines = Record<'CHARGEBACK' | 'PRE_ARBITRATION' | 'ARBITRATION', number>;

/** The simulated networks keep the rules the dispute policy records for them (policy.ts). */
const stages = (r: Rules): NetworkDeadlines => ({
  CHARGEBACK: r.merchantResponseDays,
  PRE_ARBITRATION: r.merchantResponseDays,
  ARBITRATION: r.arbitrationRulingDays,
});
export const NETWORK_DEADLINES: Partial<Record<Network, NetworkDeadlines>> = {
  VISA: stages(DEFAULT_POLICIES.US.networks.VISA),
  MASTERCARD: stages(DEFAULT_POLICIES.US.networks.MASTERCARD),
};

/** The answers a network gives. */
export type NetworkAnswer = Extract<DisputeCommand, { kind: 'RecordNetworkStep' }>['step'];

const FRAUD_CODES = /^(10\.|4837|4840|4863)/;

/**
 * How the simulated merchants and the network answer, deterministic so
 * tests and demos can rely on it:
 * - chargeback: the merchant represents charges of 100.00 or more after 20
 *   days; smaller ones it lets lapse, and the network deems them accepted at
 *   its deadline;
 * - pre-arbitration: the merchant declines 500.00 or more after 15 days, else accepts;
 * - arbitration: the network rules for the cardholder on fraud reason codes,
 *   for the merchant otherwise, at its deadline.
 */
export function merchantAnswer(
  f: NetworkFiling,
  d: NetworkDeadlines,
): { afterDays: number; step: NetworkAnswer } {
  switch (f.stage) {
    case 'CHARGEBACK':
      return f.amount >= 10_000
        ? { afterDays: 20, step: 'MERCHANT_REPRESENTED' }
        : { afterDays: d.CHARGEBACK, step: 'MERCHANT_ACCEPTED' };
    case 'PRE_ARBITRATION':
      return f.amount >= 50_000
        ? { afterDays: 15, step: 'PRE_ARBITRATION_DECLINED' }
        : { afterDays: 15, step: 'PRE_ARBITRATION_ACCEPTED' };
    case 'ARBITRATION':
      return {
        afterDays: d.ARBITRATION,
        step: FRAUD_CODES.test(f.reasonCode) ? 'RULED_FOR_CARDHOLDER' : 'RULED_FOR_MERCHANT',
      };
  }
}

interface NetworkCase {
  _id: string; // disputeId:stage
  disputeId: string;
  stage: NetworkFiling['stage'];
  step: NetworkAnswer;
  note: string;
  correlationId: string;
  answerAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

/**
 * A card network (Visa/Mastercard) simulated well enough to drive the
 * chargeback lifecycle: each filing gets the network's answer at a time set
 * by the network's deadlines and the merchant's behaviour, delivered by a
 * leased durable timer on the service clock, as a network's callback would.
 */
export class SimulatedCardNetwork implements CardNetwork {
  readonly timer: LeasedTimer<NetworkCase>;

  constructor(
    private readonly cases: mongo.Collection<NetworkCase>,
    clock: Clock,
    answer: (disputeId: string, step: NetworkAnswer, note: string, correlationId: string) => Promise<void>,
    logger: Logger,
    reporting?: TimerReporting,
  ) {
    this.timer = new LeasedTimer({
      name: 'card-network',
      reporting,
      collection: cases,
      dueField: 'answerAt',
      clock,
      logger,
      work: async (c) => {
        await answer(c.disputeId, c.step, c.note, c.correlationId);
        await cases.updateOne({ _id: c._id }, { $set: { answerAt: null } });
      },
    });
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.cases, [{ key: { answerAt: 1 }, name: 'next_answer' }]);
  }

  /** Idempotent per dispute and stage: a refiled stage keeps its first answer. */
  async submit(f: NetworkFiling): Promise<void> {
    const deadlines = NETWORK_DEADLINES[f.network];
    if (!deadlines) return; // no chargeback on this network (filing is refused before it gets here)
    const a = merchantAnswer(f, deadlines);
    const doc: NetworkCase = {
      _id: `${f.disputeId}:${f.stage}`,
      disputeId: f.disputeId,
      stage: f.stage,
      step: a.step,
      note: `${f.network} simulated: ${a.step.toLowerCase().replace(/_/g, ' ')} after ${a.afterDays} days`,
      correlationId: f.correlationId,
      answerAt: new Date(f.filedAt + a.afterDays * DAY),
      leaseOwner: null,
      leaseUntil: null,
    };
    await this.cases.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true });
  }
}

export type { NetworkCase };
