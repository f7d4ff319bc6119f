import { DomainError, PoisonMessageError, handlerFor, type EventEnvelope } from '@cardline/platform';
import type { SalesApplicationApprovedV1 } from '@cardline/schemas';
import type { AccountService, OpenAccountInput } from '../src/application/account-service';
import { applicationHandlers } from '../src/adapters/kafka/handlers';
import { accountIdForApplication, billingCycleDayFor } from '../src/domain/approved-terms';

// Group ledger.applications (docs/adr/0018-sales-applications-service.md): an
// approval opens its account once, with the approved limit and the tier's APR.

const approved: SalesApplicationApprovedV1 = {
  applicationId: 'app_1',
  customerId: 'cus_1',
  market: 'US',
  productCode: 'CLASSIC',
  currency: 'USD',
  creditLimit: 350_000,
  aprTier: 'TIER_2',
  timeZone: 'America/New_York',
  ruleSetVersion: 'US-CLASSIC-2026.12.1',
  decidedBy: 'RULES',
  note: null,
  actor: { id: 'agent-1', role: 'sales_agent' },
  decidedAt: 0,
};
const envelope = (payload: SalesApplicationApprovedV1): EventEnvelope<SalesApplicationApprovedV1> => ({
  id: 'evt-1',
  type: 'sales.application.approved.v1',
  source: 'sales',
  subject: payload.applicationId,
  time: new Date(0),
  correlationId: 'corr-1',
  causationId: null,
  aggregateVersion: 5,
  payload,
});
const meta = { topic: 'sales.application', partition: 0, offset: '0' };

/** An account service that opens each id once, as the Account decider does. */
function accounts() {
  const opened: OpenAccountInput[] = [];
  const open = async (input: OpenAccountInput) => {
    if (opened.some((o) => o.accountId === input.accountId))
      throw new DomainError('ALREADY_EXISTS', `account ${input.accountId} already exists`);
    opened.push(input);
  };
  return { opened, service: { open } as unknown as AccountService };
}

describe('the ledger opens the account of an approved application', () => {
  it('with the approved limit, the tier’s APR, the application id, and an account id derived from it', async () => {
    const a = accounts();
    await handlerFor(applicationHandlers(a.service), 'sales.application.approved.v1')?.(
      envelope(approved),
      meta,
    );
    expect(a.opened).toEqual([
      {
        accountId: accountIdForApplication('app_1'),
        applicationId: 'app_1',
        customerId: 'cus_1',
        productCode: 'CLASSIC',
        market: 'US',
        currency: 'USD',
        creditLimit: 350_000,
        aprBps: 2499,
        billingCycleDay: billingCycleDayFor('app_1'),
        timeZone: 'America/New_York',
      },
    ]);
    expect(billingCycleDayFor('app_1')).toBeGreaterThanOrEqual(1);
    expect(billingCycleDayFor('app_1')).toBeLessThanOrEqual(28);
  });

  it('once: a redelivered approval opens nothing new and does not fail', async () => {
    const a = accounts();
    const handle = handlerFor(applicationHandlers(a.service), 'sales.application.approved.v1');
    await handle?.(envelope(approved), meta);
    await expect(handle?.(envelope(approved), meta)).resolves.toBeUndefined();
    expect(a.opened).toHaveLength(1);
  });

  it('refuses as poison an approval whose market or tier this ledger cannot read', async () => {
    const a = accounts();
    const handle = handlerFor(applicationHandlers(a.service), 'sales.application.approved.v1');
    await expect(handle?.(envelope({ ...approved, aprTier: 'UNKNOWN' }), meta)).rejects.toThrow(
      PoisonMessageError,
    );
    expect(a.opened).toEqual([]);
  });
});
