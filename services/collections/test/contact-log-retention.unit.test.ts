import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { MongoComplaints } from '../src/adapters/mongo/complaints';
import { MongoContactLog } from '../src/adapters/mongo/contact-log';
import type {
  ContactAttemptRecord,
  ContactDecisionRecord,
  ContactLog,
  Complaints,
} from '../src/application/ports';

// Contact attempts, the gate's decisions and complaints about collectors are
// kept at least two years, append-only, with no TTL on the way
// (docs/domain.md#collections, "Contacts as built"). The platform's audit
// trail refuses a shorter retention the same way (packages/platform/test/audit-trail.unit.test.ts).

const TWO_YEARS_S = 730 * 86_400;

/** The indexes among these that would expire a record before two years, by name. */
const expiringTooSoon = (specs: mongo.IndexDescription[]) =>
  specs
    .filter((s) => s.expireAfterSeconds !== undefined && s.expireAfterSeconds < TWO_YEARS_S)
    .map((s) => s.name);

/** A collection that records every method called on it and the indexes asked of it. */
function recordingCollection<T>() {
  const called: string[] = [];
  const indexes: mongo.IndexDescription[] = [];
  const docs = new Map<string, unknown>();
  const cursor = (rows: unknown[]) => {
    const c = { sort: () => c, limit: () => c, toArray: async () => rows };
    return c;
  };
  const methods: Record<string, (...args: never[]) => unknown> = {
    listIndexes: () => cursor([]),
    createIndexes: async (specs: mongo.IndexDescription[]) => {
      indexes.push(...specs);
      return specs.map((s) => s.name);
    },
    insertOne: async (d: { _id: string }) => {
      if (docs.has(d._id)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      docs.set(d._id, structuredClone(d));
      return { acknowledged: true };
    },
    find: () => cursor([...docs.values()]),
  };
  // Any other method (an update, replace or delete) is recorded and does nothing, so the test names it.
  const collection = new Proxy(
    {},
    {
      get: (_t, name) => {
        called.push(String(name));
        return methods[String(name)] ?? (async () => ({}));
      },
    },
  ) as mongo.Collection<T & mongo.Document>;
  return { collection, called, indexes, docs };
}

function contactLog() {
  const attempts = recordingCollection<ContactAttemptRecord>();
  const decisions = recordingCollection<ContactDecisionRecord>();
  const log = new MongoContactLog(attempts.collection as never, decisions.collection as never);
  return { log, attempts, decisions };
}

const attempt = (note: string): ContactAttemptRecord => ({
  attemptId: 'att_1',
  caseId: 'col_1',
  accountId: 'acc_1',
  customerId: 'cus_1',
  channel: 'CALL',
  direction: 'OUTBOUND',
  party: 'DEBTOR',
  outcome: 'RIGHT_PARTY_CONTACT',
  collector: { id: 'collector-3', role: 'collector' },
  at: new Date(0),
  recordedAt: new Date(0),
  contactRef: null,
  recordingRef: 'rec_1',
  note,
});

const decision: ContactDecisionRecord = {
  attemptId: 'att_1',
  caseId: 'col_1',
  accountId: 'acc_1',
  channel: 'CALL',
  party: 'DEBTOR',
  market: 'US',
  allowed: true,
  ruleIds: [],
  reason: null,
  nextAllowedAt: null,
  requestedBy: { id: 'collector-3', role: 'collector' },
  decidedAt: new Date(0),
};

/** The port's methods whose name says they change or remove what is stored. */
type Rewrites<P> = Extract<
  keyof P,
  `${'update' | 'replace' | 'delete' | 'remove' | 'set' | 'purge'}${string}`
>;

describe('contact records are kept at least two years, append-only', () => {
  it('no index on the contact attempts, the decision log or the complaints expires a record before two years', async () => {
    const { log, attempts, decisions } = contactLog();
    const complaints = recordingCollection();
    await log.ensureIndexes();
    await new MongoComplaints(complaints.collection as never).ensureIndexes();
    const declared = [...attempts.indexes, ...decisions.indexes, ...complaints.indexes];
    expect(declared.map((s) => s.name)).toEqual([
      'by_debtor',
      'by_account',
      'by_case',
      'by_time',
      'by_account',
      'by_time',
      'by_collector',
    ]);
    expect(expiringTooSoon(declared)).toEqual([]);
  });

  it('the check names an index that would expire records after 729 days, and lets one of 730 through', () => {
    expect(
      expiringTooSoon([
        { key: { at: 1 }, name: 'short', expireAfterSeconds: TWO_YEARS_S - 86_400 },
        { key: { at: 1 }, name: 'two_years', expireAfterSeconds: TWO_YEARS_S },
        { key: { at: 1 }, name: 'none' },
      ]),
    ).toEqual(['short']);
  });

  it('collections declares no TTL index anywhere, the aggregates’ inline indexes included', () => {
    // The cases and deliveries aggregates list their indexes in the wiring, out of a unit test's reach: read the code.
    const src = join(__dirname, '../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files).toContain(join('adapters', 'mongo', 'contact-log.ts'));
    expect(files.filter((f) => readFileSync(join(src, f), 'utf8').includes('expireAfterSeconds'))).toEqual(
      [],
    );
  });

  it('the contact log’s port and the complaints’ offer only appends and reads', () => {
    const none: [Rewrites<ContactLog>, Rewrites<Complaints>] extends [never, never] ? true : false = true;
    expect(none).toBe(true);
    const own = (c: { prototype: object }) =>
      Object.getOwnPropertyNames(c.prototype).filter((m) => m !== 'constructor');
    expect(own(MongoContactLog).sort()).toEqual([
      'appendAttempt',
      'appendDecision',
      'attemptsPerCase',
      'collectorActivity',
      'decisions',
      'ensureIndexes',
      'historyOf',
    ]);
    expect(own(MongoComplaints).sort()).toEqual(['countByCollector', 'ensureIndexes', 'record']);
  });

  it('appending and every read touch the collections only by insert and find: nothing is updated or deleted', async () => {
    const { log, attempts, decisions } = contactLog();
    await log.appendDecision(decision);
    await log.appendAttempt(attempt('promised Friday'));
    await log.historyOf({ customerId: 'cus_1', accountId: 'acc_1' }, new Date(0));
    await log.historyOf({ customerId: null, accountId: 'acc_1' }, new Date(0));
    await log.decisions({ accountId: 'acc_1' });
    await log.attemptsPerCase(['col_1']);
    await log.collectorActivity({});
    expect(new Set([...attempts.called, ...decisions.called])).toEqual(new Set(['insertOne', 'find']));
  });

  it('an attempt delivered again keeps the record first written', async () => {
    const { log, attempts } = contactLog();
    await log.appendAttempt(attempt('promised Friday'));
    await log.appendAttempt(attempt('rewritten later'));
    expect(attempts.docs.get('att_1')).toMatchObject({ note: 'promised Friday' });
    expect(attempts.called).toEqual(['insertOne', 'insertOne']);
  });
});
