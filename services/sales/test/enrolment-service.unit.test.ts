import { termsByVersion } from '../src/domain/add-on-catalogue';
import { ConsentIncomplete } from '../src/domain/consent';
import { ELIGIBILITY_RULES, NotEligible } from '../src/domain/eligibility';
import { DAY } from '../src/domain/policy';
import { T, completeConsent, eligible } from './support';
import { account, agent, ctx, enrolmentSetUp } from './fake-enrolments';

// The add-on use cases (test/fake-enrolments.ts): what is offered, what an
// enrolment needs, and what the trial clock publishes.

const published = (docs: Map<string, Record<string, unknown>>, id: string) =>
  ((docs.get(id)?.outbox ?? []) as { type: string }[]).map((e) => e.type);

const PP = 'PP-US-2';
const protection = () => {
  const t = termsByVersion(PP);
  if (!t) throw new Error(`no terms ${PP}`);
  return t;
};

describe('add-on offers and enrolments as a service', () => {
  it('offers an eligible customer every add-on in effect, each with its script naming the account’s last four, and records each offer', async () => {
    const { service, offers } = enrolmentSetUp();
    const sheet = await service.offers('cus_1', 'acc_1', agent, ctx);
    expect(sheet.offers.map((o) => o.terms.termsVersion).sort()).toEqual(['BT-US-1', 'PP-US-2', 'UPG-US-1']);
    expect(sheet.excluded).toEqual([]);
    const pp = sheet.offers.find((o) => o.terms.termsVersion === PP);
    expect(pp?.script.at(-1)).toContain('ending 4242');
    expect([...offers.keys()].sort()).toEqual(sheet.offers.map((o) => o.offerId).sort());
  });

  it('publishes each offer made with what was offered and the rules it passed, in the same write as its record', async () => {
    const { service, offers } = enrolmentSetUp();
    const sheet = await service.offers('cus_1', 'acc_1', agent, ctx);
    const pp = sheet.offers.find((o) => o.terms.termsVersion === PP);
    const offerId = pp?.offerId ?? '';
    expect(published(offers, offerId)).toEqual(['sales.enrollment.offered.v1']);
    const [event] = offers.get(offerId)?.outbox as { payload: unknown; correlationId: string }[];
    expect(event).toMatchObject({
      correlationId: ctx.correlationId,
      payload: {
        offerId,
        customerId: 'cus_1',
        accountId: 'acc_1',
        market: 'US',
        addOn: 'PAYMENT_PROTECTION',
        termsVersion: PP,
        pricing: { kind: 'MONTHLY', monthlyFee: 1_499, freeTrial: true, feeBps: null, minimumFee: null },
        currency: 'USD',
        scriptVersion: protection().scriptVersion,
        eligibilityPassed: [...ELIGIBILITY_RULES],
        actor: agent,
        offeredAt: T,
      },
    });
    expect(offers.get(offerId)).toMatchObject({ customerId: 'cus_1', accountId: 'acc_1', termsVersion: PP });
  });

  it('never offers what a rule excludes: the exclusion names the rule, and no offer is recorded for it', async () => {
    const { service, offers } = enrolmentSetUp({ ...eligible, employmentStatus: 'RETIRED' });
    const sheet = await service.offers('cus_1', 'acc_1', agent, ctx);
    expect(sheet.excluded).toEqual([
      { addOn: 'PAYMENT_PROTECTION', termsVersion: PP, failing: ['PRODUCT_SUITABILITY'] },
    ]);
    expect([...offers.values()].map((o) => o.termsVersion).sort()).toEqual(['BT-US-1', 'UPG-US-1']);
  });

  it('offers nothing on an account without a card: the customer must confirm its last four', async () => {
    const { service } = enrolmentSetUp(eligible, { ...account, accountLast4: null });
    await expect(service.offers('cus_1', 'acc_1', agent, ctx)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('enrols under an offer made: a trial starts, the enrolled event is in the outbox, the clock is due at the reminder', async () => {
    const { service, docs } = enrolmentSetUp();
    const { offers } = await service.offers('cus_1', 'acc_1', agent, ctx);
    const offerId = offers.find((o) => o.terms.termsVersion === PP)?.offerId ?? null;
    const r = await service.enrol(
      {
        customerId: 'cus_1',
        accountId: 'acc_1',
        termsVersion: PP,
        consent: completeConsent(protection(), { offerId }),
        transferAmount: null,
      },
      agent,
      ctx,
    );
    const id = r.enrolment.enrolmentId;
    expect(r.enrolment).toMatchObject({
      status: 'IN_TRIAL',
      accountLast4: '4242',
      trialEndsAt: T + 30 * DAY,
    });
    expect(r.proof.consent.offerId).toBe(offerId);
    expect(published(docs, id)).toEqual(['sales.enrollment.enrolled.v1']);
    expect(docs.get(id)?.nextDueAt).toEqual(new Date(T + 23 * DAY));
  });

  it('counts an offer id that was never offered as no offer shown', async () => {
    const { service } = enrolmentSetUp();
    const attempt = service.enrol(
      {
        customerId: 'cus_1',
        accountId: 'acc_1',
        termsVersion: PP,
        consent: completeConsent(protection(), { offerId: 'off_made_up' }),
        transferAmount: null,
      },
      agent,
      ctx,
    );
    await expect(attempt).rejects.toBeInstanceOf(ConsentIncomplete);
    await expect(attempt).rejects.toMatchObject({ missing: ['OFFER_AND_TERMS_SHOWN'] });
  });

  it('refuses an ineligible customer with every failing rule', async () => {
    const { service } = enrolmentSetUp({ ...eligible, daysPastDue: 12, marketingConsent: false });
    const attempt = service.enrol(
      {
        customerId: 'cus_1',
        accountId: 'acc_1',
        termsVersion: PP,
        consent: completeConsent(protection()),
        transferAmount: null,
      },
      agent,
      ctx,
    );
    await expect(attempt).rejects.toBeInstanceOf(NotEligible);
    await expect(attempt).rejects.toMatchObject({ failing: ['NOT_DELINQUENT', 'MARKETING_CONSENT'] });
  });

  it('the trial clock reminds, converts with the agreement on file, and lets each month’s fee fall due once', async () => {
    const { service, docs } = enrolmentSetUp();
    const { offers } = await service.offers('cus_1', 'acc_1', agent, ctx);
    const offerId = offers.find((o) => o.terms.termsVersion === PP)?.offerId ?? null;
    const r = await service.enrol(
      {
        customerId: 'cus_1',
        accountId: 'acc_1',
        termsVersion: PP,
        consent: completeConsent(protection(), { offerId }),
        transferAmount: null,
      },
      agent,
      ctx,
    );
    const id = r.enrolment.enrolmentId;
    for (const at of [T + 23 * DAY, T + 30 * DAY, T + 30 * DAY, T + 61 * DAY, T + 61 * DAY])
      await service.tick(id, new Date(at));
    const after = await service.require(id);
    expect(after.enrolment.feesDue.map((f) => f.requestId)).toEqual([
      `${id}:fee:2026-12`,
      `${id}:fee:2027-01`,
    ]);
    expect(published(docs, id)).toEqual([
      'sales.enrollment.enrolled.v1',
      'sales.enrollment.trial-reminder-due.v1',
      'sales.enrollment.converted.v1',
      'sales.enrollment.fee-due.v1',
      'sales.enrollment.fee-due.v1',
    ]);
  });
});
