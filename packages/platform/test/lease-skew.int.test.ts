import { LeasedTimer, SimulatedClock, connectMongo, createLogger, leaseClock } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// Two instances of a durable timer whose clocks disagree: the second runs
// 5 s ahead and drains while the first is still working a document it
// leased for 4 s. Within the lease clock's tolerance it leaves the lease
// alone; without one (tolerance 0) it takes the document and the work runs
// twice, which is what the tolerance is for (docs/architecture.md, "Scaling out").
const logger = createLogger('lease-skew-test', process.env.TEST_LOG_LEVEL ?? 'silent');
let mongo: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  mongo = await connectMongo(serverEnv().MONGO_URL, unique('lease_skew').replace(/-/g, '_'));
  stopAfterFile({ stop: () => mongo.close() }, 'mongo client');
});

async function runsWithSkew(toleranceMs: number): Promise<number> {
  const coll = mongo.db.collection<{ _id: string; dueAt: Date | null }>(unique('docs'));
  const clock = new SimulatedClock(new Date('2026-03-01T00:00:00Z'));
  await coll.insertOne({ _id: 'doc-1', dueAt: new Date('2026-03-01T00:00:00Z') });
  let runs = 0;
  const timer = (skewMs: number) =>
    new LeasedTimer<{ _id: string; dueAt: Date | null }>({
      name: `skew-${skewMs}`,
      collection: coll,
      dueField: 'dueAt',
      clock,
      logger,
      leaseMs: 4000,
      reporting: { leaseClock: leaseClock({ toleranceMs, skewMs }) },
      work: async (doc) => {
        runs++;
        await new Promise((r) => setTimeout(r, 2500));
        await coll.updateOne({ _id: doc._id }, { $set: { dueAt: null } });
      },
    });
  const honest = timer(0).drain();
  await new Promise((r) => setTimeout(r, 500)); // the honest instance holds the lease now
  const ahead = timer(5000).drain();
  await Promise.all([honest, ahead]);
  return runs;
}

it('an instance whose clock runs ahead by less than the tolerance does not take a lease that is still held', async () => {
  expect(await runsWithSkew(5000)).toBe(1);
});

it('with no tolerance the same skew takes the held lease and the work runs twice', async () => {
  expect(await runsWithSkew(0)).toBe(2);
});
