import {
  AggregateStore,
  OutboxRelay,
  connectMongo,
  createLogger,
  type AggregateDoc,
  type EventEnvelope,
  type EventPublisher,
} from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// Two relays over one outbox on the real Mongo-wire server. The first one's
// publish takes five leases long (a slow broker): it keeps renewing its
// lease, so the second never claims the same aggregates meanwhile.
const logger = createLogger('relay-lease-test', process.env.TEST_LOG_LEVEL ?? 'silent');
let mongo: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  mongo = await connectMongo(serverEnv().MONGO_URL, unique('relay_lease').replace(/-/g, '_'));
  stopAfterFile({ stop: () => mongo.close() }, 'mongo client');
});

/** Records what each relay published; `slowMs` per publish call. */
function publisher(name: string, log: { relay: string; id: string }[], slowMs: number): EventPublisher {
  return {
    publish: async (events: readonly EventEnvelope[]) => {
      await new Promise((r) => setTimeout(r, slowMs));
      for (const e of events) log.push({ relay: name, id: e.id });
    },
  } as unknown as EventPublisher;
}

it('a relay whose publish outlasts its lease keeps the lease, so a second relay does not publish the same events', async () => {
  const coll = mongo.db.collection<AggregateDoc<{ n: number }>>(unique('aggs'));
  const store = new AggregateStore<{ n: number }>(coll, 'relay-lease-test', () => undefined);
  await store.ensureIndexes();
  const saved: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await store.save(`agg-${i}`, 0, { n: 1 }, [{ type: 't.v1', payload: { i } }], {
      correlationId: 'c',
      causationId: null,
    });
    saved.push(...r.events.map((e) => e.id));
  }
  const log: { relay: string; id: string }[] = [];
  const leaseMs = 400;
  const slow = stopAfterFile(
    new OutboxRelay({
      collection: coll as never,
      publisher: publisher('slow', log, 5 * leaseMs),
      source: 's',
      logger,
      leaseMs,
      idlePollMs: 20,
    }),
    'slow relay',
  );
  slow.start();
  // Let the slow relay claim everything before the second one starts.
  await eventually(async () => {
    const leased = await coll.countDocuments({ outboxLeaseOwner: { $ne: null } });
    if (leased < 5) throw new Error(`${leased} leased`);
  });
  const quick = stopAfterFile(
    new OutboxRelay({
      collection: coll as never,
      publisher: publisher('quick', log, 0),
      source: 's',
      logger,
      leaseMs,
      idlePollMs: 20,
    }),
    'quick relay',
  );
  quick.start();
  await eventually(
    async () => {
      if (await coll.countDocuments({ outboxPending: true })) throw new Error('outbox not drained');
    },
    { timeoutMs: 20000 },
  );
  await Promise.all([slow.stop(), quick.stop()]);
  expect(log.filter((l) => l.relay === 'quick')).toEqual([]);
  expect(log.map((l) => l.id).sort()).toEqual([...saved].sort());
});
