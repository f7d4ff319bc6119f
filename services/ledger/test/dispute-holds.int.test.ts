import { connectMongo, type EventEnvelope } from '@cardline/platform';
import { disputeHoldHandlers, type DisputeHoldVersion } from '../src/adapters/kafka/handlers';
import type { AccountService } from '../src/application/account-service';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// The ledger's holds from dispute events, fed out of order as a relay's
// duplicate or a replay can: an opening delivered again after the
// resolution must not hold the amount again.
it('a dispute opening redelivered after its resolution leaves the hold released', async () => {
  const m = await connectMongo(serverEnv().MONGO_URL, unique('holds_test').replace(/-/g, '_'));
  stopAfterFile({ stop: () => m.close() }, 'mongo client');
  const calls: string[] = [];
  const accounts = {
    changeHold: async (_accountId: string, c: { kind: string }) => {
      calls.push(c.kind);
    },
  } as unknown as AccountService;
  const handlers = disputeHoldHandlers(accounts, m.db.collection<DisputeHoldVersion>(unique('versions')));
  const envelope = <P>(type: string, version: number, payload: P) =>
    ({
      id: unique('evt'),
      type,
      source: 'disputes',
      subject: 'dsp-1',
      time: new Date(),
      correlationId: 'c',
      causationId: null,
      aggregateVersion: version,
      payload,
    }) as EventEnvelope<P>;
  const opened = envelope('disputes.dispute.opened.v1', 1, {
    disputeId: 'dsp-1',
    accountId: 'acc-1',
    transactionId: 'txn-1',
    disputedAmount: 5000,
    kind: 'BILLING_ERROR',
  });
  const resolved = envelope('disputes.dispute.resolved.v1', 6, { disputeId: 'dsp-1', accountId: 'acc-1' });
  const meta = { topic: 'disputes.dispute', partition: 0, offset: '0' };
  await handlers['disputes.dispute.opened.v1']?.(opened as never, meta);
  await handlers['disputes.dispute.resolved.v1']?.(resolved as never, meta);
  await handlers['disputes.dispute.opened.v1']?.(opened as never, meta); // older, after newer
  await handlers['disputes.dispute.resolved.v1']?.(resolved as never, meta); // the same again
  expect(calls).toEqual(['PlaceHold', 'ReleaseHold']);
});
