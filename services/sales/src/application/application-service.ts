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
  decide,
  type ApplicationCommand,
  type ApplicationStatus,
  type Channel,
  type Details,
} from '../domain/application';
import type { AdverseActionCode } from '../domain/adverse-action';
import type { CreditApplicant } from '../domain/decision';
import { nextDueAt } from '../domain/decision-clock';
import { DuplicateApplication } from '../domain/intake';
import { duplicateKey, maskNationalId, nationalIdHash } from '../domain/identity';
import type { AprTier, Market, PolicyFor } from '../domain/policy';
import {
  foldChanges,
  foldRecorded,
  isPublished,
  type ApplicationRecord,
  type Change,
  type Recorded,
} from './application-record';
import type { ApplicantSecrets, CreditBureau, SecretStore } from './ports';

export interface SubmitInput {
  market: Market;
  productCode: string;
  /** An existing customer; a new applicant gets one derived from the applicant key. */
  customerId?: string;
  secrets: ApplicantSecrets;
  creditCheckConsent: { channel: Channel } | null;
}

export type UnderwriterDecision =
  | { outcome: 'APPROVE'; creditLimit: number; aprTier: AprTier }
  | { outcome: 'DECLINE'; reasons: AdverseActionCode[] };

const OPEN: ApplicationStatus[] = ['INCOMPLETE', 'COMPLETE', 'REFERRED'];

/**
 * Unique across applications (index `one_open_per_applicant`): the applicant
 * key while the application is open, a value of its own once it is not, so
 * one person has at most one open application however submissions race.
 */
export const openApplicant = (r: {
  application: { applicationId: string; applicantKey: string; status: ApplicationStatus };
}) =>
  OPEN.includes(r.application.status) ? r.application.applicantKey : `closed:${r.application.applicationId}`;

/** A new applicant's customer id: the same person applying again is the same customer. */
export const customerIdFor = (applicantKey: string) => `cus_${applicantKey.slice(0, 24)}`;

/**
 * Use cases of the Application aggregate: load, decide, save with outbox
 * (decideAndSave). The applicant's personal data lives only in the secret
 * store; the decision reads it from there and no event carries it.
 */
export class ApplicationService {
  constructor(
    private readonly store: AggregateStore<ApplicationRecord>,
    private readonly secrets: SecretStore,
    private readonly bureau: CreditBureau,
    private readonly policyFor: PolicyFor,
    private readonly clock: Clock,
    /** Keys the national-id hash (SALES_ID_HASH_KEY). */
    private readonly idHashKey: string,
  ) {}

  async get(applicationId: string): Promise<ApplicationRecord | null> {
    return (await this.store.load(applicationId))?.state ?? null;
  }

  async require(applicationId: string): Promise<ApplicationRecord> {
    const r = await this.get(applicationId);
    if (!r) throw new DomainError('NOT_FOUND', `application ${applicationId} not found`);
    return r;
  }

  /** Newest first, at most 200. */
  async list(f: { status?: ApplicationStatus }): Promise<ApplicationRecord[]> {
    const docs = await this.store.collection
      .find(f.status ? { status: f.status } : {}, { projection: { state: 1 } })
      .sort({ submittedAt: -1 })
      .limit(200)
      .toArray();
    return docs.map((d) => d.state);
  }

  /** The personal data, decrypted, for the roles allowed to see it (the route audits the read). */
  async sensitive(applicationId: string): Promise<ApplicantSecrets> {
    await this.require(applicationId);
    const s = await this.secrets.get(applicationId);
    if (!s) throw new DomainError('NOT_FOUND', `application ${applicationId} has no personal data on file`);
    return s;
  }

  async submit(input: SubmitInput, actor: Actor, ctx: EventContext): Promise<ApplicationRecord> {
    const applicationId = `app_${randomUUID()}`;
    const { identity: id } = input.secrets;
    const idHash = nationalIdHash(id.nationalId, this.idHashKey);
    const applicantKey = duplicateKey(id.fullName, id.dateOfBirth, idHash);
    const open = await this.store.collection.findOne(
      { applicantKey, status: { $in: OPEN } },
      { projection: { _id: 1 } },
    );
    const customerId = input.customerId ?? customerIdFor(applicantKey);
    await this.secrets.put(applicationId, input.secrets);
    try {
      return await this.save(
        applicationId,
        () => ({
          kind: 'Submit',
          applicationId,
          market: input.market,
          productCode: input.productCode,
          identity: {
            fullName: id.fullName,
            dateOfBirth: id.dateOfBirth,
            address: id.address,
            nationalIdHash: idHash,
            nationalIdMasked: maskNationalId(id.nationalId),
          },
          details: input.secrets.details,
          creditCheckConsent: input.creditCheckConsent,
          duplicateOf: open?._id ?? null,
          actor,
          now: this.now(),
        }),
        ctx,
        customerId,
      );
    } catch (err) {
      // A refused application keeps no personal data.
      await this.secrets.remove(applicationId);
      throw await this.duplicateOrSelf(err, applicantKey);
    }
  }

  /**
   * New sections: sealed with the rest before the decider records that they
   * were given, so a complete application always has its figures on file.
   * Refused when it is no longer taking details (the decider says why).
   */
  async provideDetails(
    applicationId: string,
    details: Details,
    actor: Actor,
    ctx: EventContext,
  ): Promise<ApplicationRecord> {
    const r = await this.require(applicationId);
    if (r.application.status === 'INCOMPLETE') {
      const current = await this.sensitive(applicationId);
      await this.secrets.put(applicationId, { ...current, details: { ...current.details, ...details } });
    }
    return this.save(applicationId, () => ({ kind: 'ProvideDetails', details, actor, now: this.now() }), ctx);
  }

  consent(applicationId: string, channel: Channel, actor: Actor, ctx: EventContext) {
    return this.save(
      applicationId,
      () => ({ kind: 'ConsentToCreditCheck', channel, actor, now: this.now() }),
      ctx,
    );
  }

  /** The rules decide: the bureau's report on the applicant and their figures from the secret store. */
  async decide(applicationId: string, actor: Actor, ctx: EventContext): Promise<ApplicationRecord> {
    const { applicant, report } = await this.evidence(applicationId);
    return this.save(
      applicationId,
      () => ({ kind: 'Decide', applicant, report, actor, now: this.now() }),
      ctx,
    );
  }

  async underwrite(
    applicationId: string,
    decision: UnderwriterDecision,
    note: string,
    actor: Actor,
    ctx: EventContext,
  ): Promise<ApplicationRecord> {
    const { applicant, report } = await this.evidence(applicationId);
    return this.save(
      applicationId,
      () => ({ kind: 'Underwrite', decision, applicant, report, note, actor, now: this.now() }),
      ctx,
    );
  }

  withdraw(applicationId: string, reason: string, actor: Actor, ctx: EventContext) {
    return this.save(applicationId, () => ({ kind: 'Withdraw', reason, actor, now: this.now() }), ctx);
  }

  /** The decision clock's timer: warn and breach. */
  async tick(applicationId: string, now: Date): Promise<void> {
    await this.save(applicationId, () => ({ kind: 'Tick', now: now.getTime() }), {
      correlationId: `decision-clock:${applicationId}`,
      causationId: null,
    });
  }

  /** The ledger opened the account of an approved application (redelivery changes nothing). */
  async onAccountOpened(
    applicationId: string,
    accountId: string,
    at: number,
    ctx: EventContext,
  ): Promise<void> {
    if (!(await this.get(applicationId))) return;
    await this.change(
      applicationId,
      (r) => (!r || r.fulfilment.accountId ? [] : [{ kind: 'account-opened', accountId, at }]),
      ctx,
    );
  }

  /** Cards issued the first card on an application's account (a replacement is not the first). */
  async onCardIssued(accountId: string, cardId: string, at: number, ctx: EventContext): Promise<void> {
    const doc = await this.store.collection.findOne({ accountId }, { projection: { _id: 1 } });
    if (!doc) return;
    await this.change(
      doc._id,
      (r) => (!r || r.fulfilment.cardId ? [] : [{ kind: 'card-issued', cardId, at }]),
      ctx,
    );
  }

  private async evidence(applicationId: string) {
    const r = await this.require(applicationId);
    const s = await this.sensitive(applicationId);
    const income = s.details.income;
    if (!income)
      throw new DomainError(
        'INVALID_STATE',
        `application ${applicationId} is ${r.application.status} without an income on file`,
        r.application.status,
      );
    const applicant: CreditApplicant = {
      dateOfBirth: s.identity.dateOfBirth,
      annualIncome: income.annualIncome,
      incomeIsIndependent: income.incomeIsIndependent,
      hasCoSigner: s.hasCoSigner,
    };
    return { applicant, report: await this.bureau.report(r.application.applicantKey, r.application.market) };
  }

  private async save(
    id: string,
    command: () => ApplicationCommand,
    ctx: EventContext,
    customerId?: string,
  ): Promise<ApplicationRecord> {
    return this.change(
      id,
      (r) =>
        decide(command(), r?.application ?? null, this.policyFor).map((event) => ({ kind: 'domain', event })),
      ctx,
      customerId,
    );
  }

  private async change(
    id: string,
    changes: (r: ApplicationRecord | null) => Change[],
    ctx: EventContext,
    customerId?: string,
  ): Promise<ApplicationRecord> {
    const { state } = await decideAndSave<ApplicationRecord, Recorded>({
      store: this.store,
      id,
      ctx,
      decide: (r) => {
        const cs = changes(r);
        return cs.length === 0 ? [] : foldChanges(cs, r, customerId).recorded;
      },
      fold: foldRecorded,
      isPublished,
      index: (r) => ({
        status: r.application.status,
        applicantKey: r.application.applicantKey,
        openApplicant: openApplicant(r),
        submittedAt: r.submittedAt,
        accountId: r.fulfilment.accountId,
        nextDueAt: dueDate(r, this.policyFor),
      }),
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `application ${id} already exists`),
    });
    if (!state) throw new DomainError('NOT_FOUND', `application ${id} not found`);
    return state;
  }

  /**
   * Another submission of the same person got in between the read above and
   * the insert: the unique index on `openApplicant` refused this one
   * (docs/adr/0026-sales-exactly-once-by-key.md), so it is the same duplicate.
   */
  private async duplicateOrSelf(err: unknown, applicantKey: string): Promise<unknown> {
    if (!(err instanceof DomainError) || err.code !== 'ALREADY_EXISTS' || err instanceof DuplicateApplication)
      return err;
    const open = await this.store.collection.findOne(
      { openApplicant: applicantKey },
      { projection: { _id: 1 } },
    );
    return open ? new DuplicateApplication(open._id) : err;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function dueDate(r: ApplicationRecord, policyFor: PolicyFor): Date | null {
  const at = nextDueAt(r.application, policyFor);
  return at === null ? null : new Date(at);
}
