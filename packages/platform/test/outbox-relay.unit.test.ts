import {
  AggregateStore,
  OutboxRelay,
  createLogger,
  leaseClock,
  type EventEnvelope,
  type EventPublisher,
} from '../src';
import { memoryAggregates } from './support/memory-aggregates';

// The relay's claim and acknowledgement against an in-memory collection with
// MongoDB's semantics: what it publishes, what it keeps, and how many
// statements a round costs. The same guarantees on real servers:
// outbox-relay.int.test.ts and relay-lease.int.test.ts.
const logger = createLogger('relay-unit', 'silent');
const ctx = { correlationId: 'c', causationId: null };

interface Counter {
  n: number;
}

function setup() {
  const mem = memoryAggregates<Counter>();
  const store = new AggregateStore<Counter>(mem.collection, 'test');
  const published: EventEnvelope[] = [];
  const during: { publish?: (events: readonly EventEnvelope[]) => Promise<void> } = {};
  const publisher = {
    publish: async (events: readonly EventEnvelope[]) => {
      await during.publish?.(events);
      published.push(...events);
    },
  } as unknown as EventPublisher;
  const relay = (owner: string, publish: EventPublisher = publisher) =>
    new OutboxRelay({
      collection: mem.collection as never,
      publisher: publish,
      source: 'test',
      logger,
      owner,
      leaseClock: leaseClock({ toleranceMs: 0 }),
    });
  const save = async (id: string, n: number, events = 1) => {
    const cur = await store.load(id);
    return store.save(
      id,
      cur?.version ?? 0,
      { n },
      Array.from({ length: events }, (_, i) => ({ type: 't.v1', payload: { id, n, i } })),
      ctx,
    );
  };
  /** Runs `write` once, just before the next round's lease (its first updateMany). */
  const beforeLease = (write: () => Promise<unknown>) => {
    let raced = false;
    mem.hooks.beforeWrite = async (name) => {
      if (name !== 'updateMany' || raced) return;
      raced = true;
      await write();
    };
  };
  return { mem, store, published, during, relay, save, beforeLease };
}

describe('OutboxRelay', () => {
  it('publishes every aggregate in version order and acknowledges them all with one statement', async () => {
    const { mem, published, relay, save } = setup();
    for (let a = 0; a < 30; a++) await save(`agg-${a}`, 1, 3);
    for (const k of Object.keys(mem.calls)) delete mem.calls[k];

    expect(await relay('r1').runOnce()).toBe(90);

    for (let a = 0; a < 30; a++)
      expect(published.filter((e) => e.subject === `agg-${a}`).map((e) => e.aggregateVersion)).toEqual([
        1, 2, 3,
      ]);
    for (const d of mem.docs.values()) {
      expect(d.outbox).toEqual([]);
      expect(d.outboxPending).toBe(false);
      expect(d.outboxLeaseOwner).toBeNull();
      expect(d.outboxLeaseToken).toBeNull();
    }
    // Candidates with their outboxes, the version-guarded lease; then one acknowledgement.
    expect(mem.calls).toEqual({ find: 1, updateMany: 2 });
  });

  it('leases only what was not saved between its read and the lease, publishing what the store holds now', async () => {
    const { mem, published, relay, save, beforeLease } = setup();
    await save('changed', 1);
    await save('still', 1);
    // A save lands between the relay's read of the candidates and its lease.
    beforeLease(() => save('changed', 2));
    const r = relay('r1');

    expect(await r.runOnce()).toBe(1);
    mem.hooks.beforeWrite = undefined;
    // The version guard left "changed" unleased, so the round read back what it held: "still" only.
    expect(published.map((e) => e.subject)).toEqual(['still']);
    expect(mem.calls).toMatchObject({ find: 2, updateMany: 2 });
    expect(mem.docs.get('changed')).toMatchObject({ outboxPending: true, outboxLeaseToken: null });

    expect(await r.runOnce()).toBe(2);
    expect(published.filter((e) => e.subject === 'changed').map((e) => e.aggregateVersion)).toEqual([1, 2]);
    expect(new Set(published.map((e) => e.id)).size).toBe(published.length);
  });

  it('leases aggregates at different versions in one statement, each guarded by its own version', async () => {
    const { mem, published, relay, save, beforeLease } = setup();
    // one and three at one version, two at the next.
    const seed = async () => {
      await save('one', 1);
      await save('two', 1);
      await save('two', 2);
      await save('three', 1);
      for (const k of Object.keys(mem.calls)) delete mem.calls[k];
    };
    await seed();
    expect(await relay('r1').runOnce()).toBe(4);
    // No read back: versions 1 and 2 leased by one statement held all three.
    expect(mem.calls).toEqual({ find: 1, updateMany: 2 });
    expect(published.map((e) => `${e.subject}@${e.aggregateVersion}`).sort()).toEqual([
      'one@1',
      'three@1',
      'two@1',
      'two@2',
    ]);

    // Now one and three at version 2, two at 4. A save between the read and
    // the lease moves one to version 4: two's version, but not one's.
    published.length = 0;
    await seed();
    beforeLease(() => save('one', 5, 2));
    expect(await relay('r1').runOnce()).toBe(3);
    mem.hooks.beforeWrite = undefined;
    expect(published.map((e) => e.subject).sort()).toEqual(['three', 'two', 'two']);
    expect(mem.docs.get('one')).toMatchObject({ version: 4, outboxPending: true, outboxLeaseToken: null });
  });

  it('keeps the events a save appends while their aggregate is being published, and publishes them next round', async () => {
    const { mem, published, during, relay, save } = setup();
    await save('busy', 1);
    await save('quiet', 1);
    let late: string[] = [];
    during.publish = async () => {
      during.publish = undefined;
      late = (await save('busy', 2, 2)).events.map((e) => e.id);
    };
    const r = relay('r1');

    expect(await r.runOnce()).toBe(2);
    const busy = mem.docs.get('busy');
    expect(busy?.outbox.map((e) => e.id)).toEqual(late);
    expect(busy?.outboxPending).toBe(true);
    expect(mem.docs.get('quiet')?.outboxPending).toBe(false);

    expect(await r.runOnce()).toBe(2);
    expect(published.filter((e) => e.subject === 'busy').map((e) => e.aggregateVersion)).toEqual([1, 2, 3]);
    expect(mem.docs.get('busy')?.outbox).toEqual([]);
    expect(new Set(published.map((e) => e.id)).size).toBe(published.length);
  });

  it('acknowledges by token through a save that changed only the state meanwhile', async () => {
    const { mem, store, during, relay, save } = setup();
    await save('agg', 1);
    during.publish = async () => {
      const cur = await store.load('agg');
      await store.save('agg', cur?.version ?? 0, { n: 7 }, [], ctx);
    };

    expect(await relay('r1').runOnce()).toBe(1);
    expect(mem.docs.get('agg')).toMatchObject({ outbox: [], outboxPending: false, state: { n: 7 } });
    // No per-aggregate path: the claim's read, the lease and the one acknowledgement.
    expect(mem.calls).toMatchObject({ find: 1, updateMany: 2 });
  });

  it('a second relay claims nothing while the first holds the lease, and takes over once it is released', async () => {
    const { mem, published, during, relay, save } = setup();
    for (let a = 0; a < 5; a++) await save(`agg-${a}`, 1);
    const second = relay('r2');
    let secondDuring = -1;
    during.publish = async () => {
      during.publish = undefined;
      secondDuring = await second.runOnce();
    };

    expect(await relay('r1').runOnce()).toBe(5);
    expect(secondDuring).toBe(0);
    await save('agg-0', 2);
    expect(await second.runOnce()).toBe(1);
    expect(published.map((e) => e.aggregateVersion).filter((v) => v === 1)).toHaveLength(5);
    expect(new Set(published.map((e) => e.id)).size).toBe(6);
    expect(mem.docs.get('agg-0')?.outboxPending).toBe(false);
  });

  it('an acknowledgement by an expired round token leaves the outbox to the relay that claimed it since', async () => {
    const { mem, during, relay, save } = setup();
    await save('agg', 1);
    during.publish = async () => {
      during.publish = undefined;
      // Our lease lapsed; another relay's round holds the aggregate now.
      const d = mem.docs.get('agg');
      if (d) Object.assign(d, { outboxLeaseToken: 'another-round', outboxLeaseOwner: 'r2' });
    };

    expect(await relay('r1').runOnce()).toBe(1);
    // Our events are dropped (published), by version, not by the other round's token.
    expect(mem.docs.get('agg')?.outbox).toEqual([]);
    expect(mem.calls.updateOne).toBe(1);
  });

  it('parks an aggregate whose events cannot be published, with the reason, and publishes the others', async () => {
    const { mem, published, relay, save } = setup();
    await save('bad', 1);
    await save('good', 1);
    const picky = {
      publish: async (events: readonly EventEnvelope[]) => {
        if (events.some((e) => e.subject === 'bad')) throw new Error('invalid "n": not a long');
        published.push(...events);
      },
    } as unknown as EventPublisher;

    expect(await relay('r1', picky).runOnce()).toBe(1);
    expect(published.map((e) => e.subject)).toEqual(['good']);
    const bad = mem.docs.get('bad');
    expect(bad).toMatchObject({ outboxPending: true, outboxLeaseOwner: 'parked' });
    expect(bad?.outbox).toHaveLength(1);
    expect(bad?.outboxError).toMatch(/not a long/);
    expect(await relay('r3', picky).runOnce()).toBe(0); // parked: not claimed again before its time
  });
});
