import {
  HealthChecks,
  LeasedTimer,
  PlatformMetrics,
  type LeasedTimerOptions,
  SimulatedClock,
  connectMongo,
  createLogger,
} from '@cardline/platform';
import type { mongo as driver } from 'mongoose';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// A durable clock over a book of documents on the real Mongo-wire server,
// with one document whose work always throws and one whose due time never
// moves: the rest of the book is still worked every round.
interface Book {
  _id: string;
  nextDueAt: Date | null;
  runs: number;
  nextDueAtFault?: unknown;
}

const DAY = 86_400_000;
const logger = createLogger('timer-test', process.env.TEST_LOG_LEVEL ?? 'silent');
let mongo: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  mongo = await connectMongo(serverEnv().MONGO_URL, unique('timer_test').replace(/-/g, '_'));
  stopAfterFile({ stop: () => mongo.close() }, 'mongo client');
});

/** A timer over the book, its due time in `nextDueAt`. */
function bookTimer(o: Omit<LeasedTimerOptions<Book>, 'dueField' | 'logger'>): LeasedTimer<Book> {
  return new LeasedTimer<Book>({ dueField: 'nextDueAt', logger, ...o });
}

/** The work of a healthy document: one run, next due a day on. */
async function runAndMoveADay(coll: driver.Collection<Book>, doc: Book, now: Date): Promise<void> {
  await coll.updateOne(
    { _id: doc._id },
    { $set: { nextDueAt: new Date(now.getTime() + DAY) }, $inc: { runs: 1 } },
  );
}

it('parks a document whose work throws or whose due time does not move, and goes on with the others', async () => {
  const coll = mongo.db.collection<Book>(unique('books'));
  const clock = new SimulatedClock(new Date('2026-03-01T00:00:00Z'));
  // 'a-bad' sorts first by due time: before parking, one bad document at the
  // head of the queue stopped every round.
  await coll.insertMany([
    { _id: 'a-bad', nextDueAt: new Date('2026-02-27T00:00:00Z'), runs: 0 },
    { _id: 'b-stuck', nextDueAt: new Date('2026-02-28T00:00:00Z'), runs: 0 },
    ...['c1', 'c2', 'c3'].map((id) => ({ _id: id, nextDueAt: new Date('2026-03-01T00:00:00Z'), runs: 0 })),
  ]);
  const metrics = new PlatformMetrics('timer-test');
  const health = new HealthChecks();
  const timer = bookTimer({
    name: 'book',
    collection: coll,
    clock,
    reporting: { metrics, health },
    maxFailures: 3,
    work: async (doc, now) => {
      if (doc._id === 'a-bad') throw new Error('statement for a-bad cannot be built');
      // b-stuck stores its run but never moves its due time on.
      const next = doc._id === 'b-stuck' ? doc.nextDueAt : new Date(now.getTime() + DAY);
      await coll.updateOne({ _id: doc._id }, { $set: { nextDueAt: next }, $inc: { runs: 1 } });
    },
  });

  const worked: number[] = [];
  for (let day = 0; day < 4; day++) {
    worked.push(await timer.drain());
    clock.advance(DAY);
  }
  const runs = Object.fromEntries((await coll.find().toArray()).map((d) => [d._id, d.runs]));
  // c1..c3 once a day; b-stuck once per round until parked after round 3; a-bad never.
  expect(runs).toEqual({ 'a-bad': 0, 'b-stuck': 3, c1: 4, c2: 4, c3: 4 });
  expect(worked).toEqual([4, 4, 4, 3]);

  const parked = await timer.parked();
  expect(parked.map((p) => p.id).sort()).toEqual(['a-bad', 'b-stuck']);
  expect(parked.find((p) => p.id === 'a-bad')?.fault).toMatchObject({
    failures: 3,
    parked: true,
    reason: 'statement for a-bad cannot be built',
  });
  expect(parked.find((p) => p.id === 'b-stuck')?.fault.reason).toBe('due time did not move after its work');
  expect(await metrics.registry.getSingleMetricAsString('cardline_timer_parked_documents')).toMatch(
    /cardline_timer_parked_documents\{timer="book",service="timer-test"\} 2/,
  );
  const report = await health.check();
  expect(report.ready).toBe(true);
  expect(report.details).toEqual({ 'timer book': { parked: 2 } });

  // After the fix, an operator unparks it and the next round works it.
  expect(await timer.unpark('a-bad')).toBe(true);
  expect(await timer.unpark('a-bad')).toBe(false);
  const fixed = bookTimer({
    name: 'book',
    collection: coll,
    clock,
    work: (doc, now) => runAndMoveADay(coll, doc, now),
  });
  expect(await fixed.drain()).toBe(4);
  const bad = await coll.findOne({ _id: 'a-bad' });
  expect(bad).toMatchObject({ runs: 1, nextDueAtFault: null });
});

it('a document that fails once and then succeeds is not parked and its fault is cleared', async () => {
  const coll = mongo.db.collection<Book>(unique('books'));
  const clock = new SimulatedClock(new Date('2026-03-01T00:00:00Z'));
  await coll.insertOne({ _id: 'flaky', nextDueAt: new Date('2026-03-01T00:00:00Z'), runs: 0 });
  let calls = 0;
  const timer = bookTimer({
    name: 'flaky',
    collection: coll,
    clock,
    work: async (doc, now) => {
      if (++calls === 1) throw new Error('store paused');
      await runAndMoveADay(coll, doc, now);
    },
  });
  expect(await timer.drain()).toBe(0);
  expect((await coll.findOne({ _id: 'flaky' }))?.nextDueAtFault).toMatchObject({
    failures: 1,
    parked: false,
  });
  expect(await timer.drain()).toBe(1);
  expect(await coll.findOne({ _id: 'flaky' })).toMatchObject({ runs: 1, nextDueAtFault: null });
  expect(await timer.parked()).toEqual([]);
});

it('infrastructure trouble in the work is not held against the document: it is never parked for it', async () => {
  const coll = mongo.db.collection<Book>(unique('books'));
  const clock = new SimulatedClock(new Date('2026-03-01T00:00:00Z'));
  await coll.insertOne({ _id: 'busy', nextDueAt: new Date('2026-03-01T00:00:00Z'), runs: 0 });
  let down = true;
  const timer = bookTimer({
    name: 'busy',
    collection: coll,
    clock,
    maxFailures: 3,
    work: async (doc, now) => {
      if (down) throw Object.assign(new Error('database is locked'), { name: 'MongoServerError' });
      await runAndMoveADay(coll, doc, now);
    },
  });
  for (let round = 0; round < 5; round++) expect(await timer.drain()).toBe(0);
  expect(await timer.parked()).toEqual([]);
  expect((await coll.findOne({ _id: 'busy' }))?.nextDueAtFault ?? null).toBeNull();
  down = false;
  expect(await timer.drain()).toBe(1);
});

it('a drain called while a run goes, after the clock moved, works what the move made due', async () => {
  // The run going read the clock before the move; before the mend, a drain
  // called then shared that run and returned with the document not worked (the
  // sales trial reminder skipped in fees-two-instances.int).
  const coll = mongo.db.collection<Book>(unique('books'));
  const clock = new SimulatedClock(new Date('2026-03-01T00:00:00Z'));
  await coll.insertMany([
    { _id: 'now', nextDueAt: new Date('2026-03-01T00:00:00Z'), runs: 0 },
    { _id: 'tomorrow', nextDueAt: new Date('2026-03-02T00:00:00Z'), runs: 0 },
  ]);
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const timer = bookTimer({
    name: 'book',
    collection: coll,
    clock,
    work: async (doc) => {
      if (doc._id === 'now') await held; // the first run is still going when the clock moves
      await coll.updateOne({ _id: doc._id }, { $set: { nextDueAt: null }, $inc: { runs: 1 } });
    },
  });

  const first = timer.drain();
  await new Promise((r) => setTimeout(r, 200));
  clock.advance(DAY);
  const second = timer.drain();
  release();
  expect(await first).toBe(1);
  expect(await second).toBe(1);
  const runs = Object.fromEntries((await coll.find().toArray()).map((d) => [d._id, d.runs]));
  expect(runs).toEqual({ now: 1, tomorrow: 1 });
  await timer.stop();
});
