import { AggregateStore, SimulatedClock, type AggregateDoc } from '@cardline/platform';
import type { ApplicationRecord } from '../src/application/application-record';
import { ApplicationService } from '../src/application/application-service';
import type { CreditBureau } from '../src/application/ports';
import { EnvelopeCipher } from '@cardline/platform';
import { MongoSecretStore, type SecretDoc } from '../src/adapters/mongo/secret-store';
import { DomainError } from '../src/domain/application';
import { creditPolicyFor } from '../src/domain/policy';
import { GOOD, POOR, SECRETS, T0 } from './fake-applications';
import { memoryCollection } from './memory-collection';

// The use cases over the real AggregateStore and the real sealed store, on
// in-memory collections: what is kept where, and what a refusal leaves.

const agent = { id: 'agent-1', role: 'sales_agent' };
const ctx = { correlationId: 'corr-1', causationId: null };

function setUp(report = GOOD) {
  // The unique index of sales.ts (adapters/mongo/open-applicant-index.ts).
  const apps = memoryCollection<AggregateDoc<ApplicationRecord>>(['openApplicant']);
  const sealed = memoryCollection<SecretDoc>();
  const store = new AggregateStore<ApplicationRecord>(apps.collection as never, 'sales');
  const cipher = new EnvelopeCipher({ k1: 'a-test-key-encryption-secret' }, 'k1');
  const bureau: CreditBureau = { report: async () => report };
  const service = new ApplicationService(
    store,
    new MongoSecretStore(sealed.collection as never, cipher),
    bureau,
    creditPolicyFor,
    new SimulatedClock(new Date(T0)),
    'a-test-id-hash-key-long-enough',
  );
  return { service, apps: apps.docs, sealed: sealed.docs };
}

const input = (nationalId = SECRETS.identity.nationalId) => ({
  market: 'US' as const,
  productCode: 'CLASSIC',
  secrets: { ...SECRETS, identity: { ...SECRETS.identity, nationalId } },
  creditCheckConsent: { channel: 'PHONE' as const },
});

describe('the application use cases', () => {
  it('keep the personal data sealed apart; the aggregate and its outbox hold none of it', async () => {
    const w = setUp();
    const r = await w.service.submit(input(), agent, ctx);
    expect(r.application.status).toBe('COMPLETE');
    const doc = JSON.stringify([...w.apps.values()]);
    for (const v of ['123-45-6789', '123456789', SECRETS.identity.dateOfBirth, '9600000', 'Brooklyn'])
      expect({ v, found: doc.includes(v) }).toEqual({ v, found: false });
    // The sealed entry is ciphertext: no value readable in it. (Four digits alone are no test: the
    // entry's random id and ciphertext contain any four digits now and then.)
    const secret = JSON.stringify([...w.sealed.values()]);
    for (const v of ['123-45-6789', '123456789', SECRETS.identity.dateOfBirth, '9600000', 'Brooklyn'])
      expect({ v, found: secret.includes(v) }).toEqual({ v, found: false });
    expect(await w.service.sensitive(r.application.applicationId)).toEqual(input().secrets);
  });

  it('refuse a second open application of the same person, naming the first, and keep no data of it', async () => {
    const w = setUp();
    const first = await w.service.submit(input(), agent, ctx);
    const refused = w.service.submit(input(), agent, ctx);
    await expect(refused).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      existingApplicationId: first.application.applicationId,
    });
    expect(w.sealed.size).toBe(1);
  });

  it('refuse one of two submissions of the same person that race past the read: the unique index decides', async () => {
    const w = setUp();
    const [a, b] = await Promise.allSettled([
      w.service.submit(input(), agent, ctx),
      w.service.submit(input(), agent, ctx),
    ]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    const lost = [a, b].filter((r) => r.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const first = (won[0] as PromiseFulfilledResult<ApplicationRecord>).value;
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'ALREADY_EXISTS',
      existingApplicationId: first.application.applicationId,
    });
    expect([...w.apps.keys()]).toEqual([first.application.applicationId]);
    expect([...w.sealed.keys()]).toEqual([first.application.applicationId]);
  });

  it('let the same person apply again once the open application is withdrawn', async () => {
    const w = setUp();
    const first = await w.service.submit(input(), agent, ctx);
    await w.service.withdraw(first.application.applicationId, 'changed their mind', agent, ctx);
    const again = await w.service.submit(input(), agent, ctx);
    expect(again.application.applicationId).not.toBe(first.application.applicationId);
    expect(w.apps.get(first.application.applicationId)?.openApplicant).toBe(
      `closed:${first.application.applicationId}`,
    );
  });

  it('decide on the bureau’s report and the sealed figures: an approval, or a decline with 1–4 reasons', async () => {
    const ok = setUp(GOOD);
    const a = await ok.service.submit(input(), agent, ctx);
    const approved = await ok.service.decide(a.application.applicationId, agent, ctx);
    expect(approved.application.decision).toMatchObject({ outcome: 'APPROVE' });
    expect(approved.decidedAt).toBe(T0);
    const outbox = [...ok.apps.values()][0]?.outbox as { type: string }[];
    expect(outbox.map((e) => e.type)).toContain('sales.application.approved.v1');

    const poor = setUp(POOR);
    const b = await poor.service.submit(input(), agent, ctx);
    const declined = await poor.service.decide(b.application.applicationId, agent, ctx);
    const d = declined.application.decision;
    expect(d?.outcome).toBe('DECLINE');
    if (d?.outcome === 'DECLINE') expect(d.reasons.length).toBeGreaterThanOrEqual(1);
  });

  it('seal new sections before recording them, and only while the application takes details', async () => {
    const w = setUp();
    const r = await w.service.submit(
      { ...input(), secrets: { ...input().secrets, details: {} }, creditCheckConsent: null },
      agent,
      ctx,
    );
    const id = r.application.applicationId;
    await w.service.provideDetails(
      id,
      { income: { annualIncome: 5_000_000, incomeIsIndependent: true } },
      agent,
      ctx,
    );
    expect((await w.service.sensitive(id)).details.income?.annualIncome).toBe(5_000_000);
    await w.service.withdraw(id, 'no longer wanted', agent, ctx);
    await expect(
      w.service.provideDetails(id, { income: { annualIncome: 1, incomeIsIndependent: true } }, agent, ctx),
    ).rejects.toBeInstanceOf(DomainError);
    expect((await w.service.sensitive(id)).details.income?.annualIncome).toBe(5_000_000);
  });

  it('follow the account and the first card of an approved application, once', async () => {
    const w = setUp();
    const a = await w.service.submit(input(), agent, ctx);
    const id = a.application.applicationId;
    await w.service.decide(id, agent, ctx);
    await w.service.onAccountOpened(id, 'acc_1', T0 + 1, ctx);
    await w.service.onAccountOpened(id, 'acc_other', T0 + 2, ctx);
    await w.service.onCardIssued('acc_1', 'card_1', T0 + 3, ctx);
    await w.service.onCardIssued('acc_1', 'card_2', T0 + 4, ctx);
    expect((await w.service.require(id)).fulfilment).toEqual({
      accountId: 'acc_1',
      accountOpenedAt: T0 + 1,
      cardId: 'card_1',
      cardIssuedAt: T0 + 3,
    });
  });
});
