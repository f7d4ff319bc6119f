import { randomUUID } from 'node:crypto';
import {
  decideAndSave,
  DomainError,
  type Actor,
  type AggregateStore,
  type Clock,
  type EventContext,
} from '@cardline/platform';
import {
  ACCOUNT_LAST4,
  CATALOGUE,
  requiredScript,
  termsByVersion,
  termsInEffect,
  type AddOnCode,
  type AddOnTerms,
} from '../domain/add-on-catalogue';
import type { ConsentRecord, ConversionConsent } from '../domain/consent';
import { failingRules, type EligibilityRule } from '../domain/eligibility';
import { decide, type EnrolmentCommand, type EnrolmentStatus } from '../domain/enrolment';
import type { AddOnPolicy, Market } from '../domain/policy';
import { nextDueAt } from '../domain/trial';
import {
  foldEnrolment,
  recordEnrolment,
  type EnrolmentRecord,
  type RecordedEnrolment,
} from './enrolment-record';
import { offered } from './enrolment-wire';
import type { ChargeAccount, OfferLog, StandingReader } from './ports';

export interface Offer {
  offerId: string;
  terms: AddOnTerms;
  /** The statements the agent reads, the account's last four filled in. */
  script: string[];
}

/** What may be offered to a customer now on an account, and what may not, with every rule that excludes it. */
export interface OfferSheet {
  customerId: string;
  account: ChargeAccount & { accountLast4: string };
  at: number;
  offers: Offer[];
  excluded: { addOn: AddOnCode; termsVersion: string; failing: EligibilityRule[] }[];
}

export interface EnrolInput {
  customerId: string;
  accountId: string;
  termsVersion: string;
  consent: ConsentRecord;
  transferAmount: number | null;
}

const ADD_ONS: AddOnCode[] = [...new Set(CATALOGUE.map((t) => t.addOn))];

/**
 * Use cases of the Enrolment aggregate: offers from sales' read models,
 * enrol, agree to conversion, cancel, and the trial timer's tick. Each
 * loads, decides and saves with the outbox (decideAndSave).
 */
export class EnrolmentService {
  constructor(
    private readonly store: AggregateStore<EnrolmentRecord>,
    private readonly standing: StandingReader,
    private readonly offerLog: OfferLog,
    private readonly policies: Readonly<Record<Market, AddOnPolicy>>,
    private readonly clock: Clock,
  ) {}

  async get(enrolmentId: string): Promise<EnrolmentRecord | null> {
    return (await this.store.load(enrolmentId))?.state ?? null;
  }

  async require(enrolmentId: string): Promise<EnrolmentRecord> {
    const r = await this.get(enrolmentId);
    if (!r) throw new DomainError('NOT_FOUND', `enrolment ${enrolmentId} not found`);
    return r;
  }

  /** A customer's enrolments, newest first (at most 200): compliance reads their proof. */
  async forCustomer(customerId: string, status?: EnrolmentStatus): Promise<EnrolmentRecord[]> {
    const docs = await this.store.collection
      .find({ customerId, ...(status && { status }) }, { projection: { state: 1 } })
      .sort({ enrolledAt: -1 })
      .limit(200)
      .toArray();
    return docs.map((d) => d.state);
  }

  /**
   * The offers now: an ineligible customer is offered nothing they are
   * excluded from, and told why. Each offer made is recorded and published
   * (sales.enrollment.offered.v1); an exclusion publishes nothing.
   */
  async offers(customerId: string, accountId: string, actor: Actor, ctx: EventContext): Promise<OfferSheet> {
    const { account, standing } = await this.chargeable(customerId, accountId);
    const now = this.now();
    const p = this.policies[account.market];
    const sheet: OfferSheet = { customerId, account, at: now, offers: [], excluded: [] };
    for (const addOn of ADD_ONS) {
      const terms = termsInEffect(account.market, addOn, now);
      if (!terms) continue;
      const failing = failingRules(standing, terms, p, now);
      if (failing.length > 0) {
        sheet.excluded.push({ addOn, termsVersion: terms.termsVersion, failing });
        continue;
      }
      const offerId = `off_${randomUUID()}`;
      await this.offerLog.record(offered({ offerId, customerId, accountId }, terms, actor, now), ctx);
      const script = requiredScript(terms, p).map((l) => l.replace(ACCOUNT_LAST4, account.accountLast4));
      sheet.offers.push({ offerId, terms, script });
    }
    return sheet;
  }

  async enrol(input: EnrolInput, actor: Actor, ctx: EventContext): Promise<EnrolmentRecord> {
    const terms = termsByVersion(input.termsVersion);
    if (!terms) throw new DomainError('INVALID', `no add-on terms ${input.termsVersion}`);
    const { account, standing } = await this.chargeable(input.customerId, input.accountId);
    // Only an offer made to this customer, on this account, under these terms counts as shown.
    const offer = input.consent.offerId ? await this.offerLog.get(input.consent.offerId) : null;
    const made =
      offer?.customerId === input.customerId &&
      offer.accountId === input.accountId &&
      offer.termsVersion === input.termsVersion;
    const consent = made ? input.consent : { ...input.consent, offerId: null };
    const enrolmentId = `enr_${randomUUID()}`;
    return this.save(
      enrolmentId,
      () => ({
        kind: 'Enrol',
        enrolmentId,
        customer: account,
        standing,
        terms,
        consent,
        transferAmount: input.transferAmount,
        actor,
        now: this.now(),
      }),
      ctx,
    );
  }

  agreeToConversion(enrolmentId: string, consent: ConversionConsent, actor: Actor, ctx: EventContext) {
    return this.save(
      enrolmentId,
      () => ({ kind: 'AgreeToConversion', consent, actor, now: this.now() }),
      ctx,
    );
  }

  cancel(enrolmentId: string, reason: string, actor: Actor, ctx: EventContext) {
    return this.save(enrolmentId, () => ({ kind: 'Cancel', reason, actor, now: this.now() }), ctx);
  }

  /** The trial timer: reminder, conversion or lapse, and each month's fee once. */
  async tick(enrolmentId: string, now: Date): Promise<void> {
    await this.save(enrolmentId, () => ({ kind: 'Tick', now: now.getTime() }), {
      correlationId: `trial-clock:${enrolmentId}`,
      causationId: null,
    });
  }

  private async chargeable(customerId: string, accountId: string) {
    const found = await this.standing.standing(customerId, accountId);
    if (!found) throw new DomainError('NOT_FOUND', `customer ${customerId} has no account ${accountId}`);
    const last4 = found.account.accountLast4;
    if (last4 === null)
      throw new DomainError(
        'INVALID_STATE',
        `account ${accountId} has no card yet: the customer confirms its last four digits`,
        'NO_CARD',
      );
    return { account: { ...found.account, accountLast4: last4 }, standing: found.standing };
  }

  private async save(
    id: string,
    command: () => EnrolmentCommand,
    ctx: EventContext,
  ): Promise<EnrolmentRecord> {
    const { state } = await decideAndSave<EnrolmentRecord, RecordedEnrolment>({
      store: this.store,
      id,
      ctx,
      decide: (r) => recordEnrolment(decide(command(), r?.enrolment ?? null, this.policies), r),
      fold: foldEnrolment,
      index: (r) => {
        const e = r.enrolment;
        const due = nextDueAt(e, this.policies[e.market]);
        return {
          status: e.status,
          customerId: e.customerId,
          accountId: e.accountId,
          enrolledAt: e.enrolledAt,
          nextDueAt: due === null ? null : new Date(due),
        };
      },
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `enrolment ${id} already exists`),
    });
    if (!state) throw new DomainError('NOT_FOUND', `enrolment ${id} not found`);
    return state;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
