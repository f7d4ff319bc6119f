import { randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';
import { LeasedTimer, ensureIndexes, type Clock, type Logger, type TimerReporting } from '@cardline/platform';
import type { DeliverySpeed } from '../../domain/card';
import type { Carrier, PlasticOrder } from '../../application/ports';

export type Milestone = 'SHIPPED' | 'DELIVERED';

interface Shipment {
  _id: string; // orderId
  cardId: string;
  speed: DeliverySpeed;
  carrier: string;
  trackingRef: string;
  correlationId: string;
  nextKind: Milestone | null;
  nextAt: Date | null;
  deliverAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

/** Hours from order to pickup and to delivery, per speed. */
export type LeadTimes = Record<DeliverySpeed, { shipHours: number; deliverHours: number }>;

export const DEFAULT_LEAD_TIMES: LeadTimes = {
  STANDARD: { shipHours: 24, deliverHours: 5 * 24 },
  EXPRESS: { shipHours: 2, deliverHours: 24 },
};

export interface MilestoneReport {
  cardId: string;
  orderId: string;
  kind: Milestone;
  carrier: string;
  trackingRef: string;
  at: number;
  correlationId: string;
}

const HOUR = 3_600_000;

/**
 * A card bureau + courier simulated well enough to drive the fulfilment
 * lifecycle: each order gets a tracking number and two milestones due at
 * lead times from the order; a leased durable timer (any instance may run it)
 * reports each milestone once due on the service clock, as a carrier's
 * webhook would. Reports are idempotent on the card side, so a lease that
 * expires mid-report only repeats a no-op.
 */
export class SimulatedCarrier implements Carrier {
  private readonly timer: LeasedTimer<Shipment>;

  constructor(
    private readonly shipments: mongo.Collection<Shipment>,
    clock: Clock,
    report: (m: MilestoneReport) => Promise<void>,
    private readonly logger: Logger,
    private readonly leadTimes: LeadTimes = DEFAULT_LEAD_TIMES,
    reporting?: TimerReporting,
  ) {
    this.timer = new LeasedTimer({
      name: 'carrier',
      reporting,
      collection: shipments,
      dueField: 'nextAt',
      clock,
      logger,
      leaseMs: 30_000,
      work: async (s) => {
        if (!s.nextKind || !s.nextAt) return;
        await report({
          cardId: s.cardId,
          orderId: s._id,
          kind: s.nextKind,
          carrier: s.carrier,
          trackingRef: s.trackingRef,
          at: s.nextAt.getTime(),
          correlationId: s.correlationId,
        });
        const next: Pick<Shipment, 'nextKind' | 'nextAt'> =
          s.nextKind === 'SHIPPED'
            ? { nextKind: 'DELIVERED', nextAt: s.deliverAt }
            : { nextKind: null, nextAt: null };
        await shipments.updateOne({ _id: s._id }, { $set: next });
      },
    });
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.shipments, [{ key: { nextAt: 1 }, name: 'next_milestone' }]);
  }

  async dispatch(order: PlasticOrder): Promise<void> {
    const lead = this.leadTimes[order.speed];
    const shipment: Shipment = {
      _id: order.orderId,
      cardId: order.cardId,
      speed: order.speed,
      carrier: order.speed === 'EXPRESS' ? 'SimPost Express' : 'SimPost',
      trackingRef: `SP${randomBytes(5).toString('hex').toUpperCase()}`,
      correlationId: order.correlationId,
      nextKind: 'SHIPPED',
      nextAt: new Date(order.orderedAt + lead.shipHours * HOUR),
      deliverAt: new Date(order.orderedAt + lead.deliverHours * HOUR),
      leaseOwner: null,
      leaseUntil: null,
    };
    await this.shipments.updateOne({ _id: order.orderId }, { $setOnInsert: shipment }, { upsert: true });
  }

  /** Reports every milestone due by the clock's now; returns how many. */
  drain(): Promise<number> {
    return this.timer.drain();
  }

  /** Runs a round now and then every pollMs. */
  start(pollMs: number): void {
    this.timer.start(pollMs);
    this.timer.drain().catch((err: unknown) => this.logger.warn({ err }, 'carrier milestones: will retry'));
  }

  stop(): Promise<void> {
    return this.timer.stop();
  }
}

export type { Shipment };
