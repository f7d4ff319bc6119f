/**
 * A case keeps its newest interactions and history; the journal numbers every
 * one, so the case document stays the same size however long the case runs
 * (docs/architecture.md#bounded-aggregates).
 */
import {
  decide,
  fold,
  type CaseCommand,
  type CaseState,
  type HistoryEntry,
  type Interaction,
} from '../src/domain/case';
import {
  CORRELATIONS_KEPT,
  HISTORY_KEPT,
  INTERACTIONS_KEPT,
  journalWrites,
  type Numbered,
} from '../src/domain/journal';
import { DEFAULT_SLA } from '../src/domain/sla';
import { journalPage, type Page } from '../src/application/journal-pages';
import { upgradeStored } from '../src/domain/stored';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const adapter = { id: 'sms-adapter', role: 'channel_adapter' };

/** The decider and an in-memory journal, as CaseService writes it: before each save. */
class Run {
  state: CaseState | null = null;
  readonly interactions = new Map<number, Interaction>();
  readonly history = new Map<number, HistoryEntry>();

  run(cmd: CaseCommand): void {
    const events = decide(cmd, this.state, DEFAULT_SLA);
    const w = journalWrites(this.state, events);
    w.interactions.forEach((n) => this.interactions.set(n.seq, n.entry));
    w.history.forEach((n) => this.history.set(n.seq, n.entry));
    this.state = fold(events, this.state);
  }

  get case(): CaseState {
    if (!this.state) throw new Error('no case');
    return this.state;
  }
}

const base = (n: number) => ({ actor: agent, now: T0 + n * 1000, correlationId: `corr-${n}` });

/** A case opened by SMS with `n` further interactions: the customer writes, the agent notes, every tenth a triage. */
function caseWith(n: number): Run {
  const r = new Run();
  r.run({
    kind: 'Open',
    ...base(0),
    caseId: 'cas-1',
    customerId: 'cus-1',
    accountId: null,
    channel: 'SMS',
    topic: 'GENERAL',
    priority: 'NORMAL',
    queue: 'general',
    subject: 'a long one',
    live: false,
    first: null,
  });
  for (let i = 1; i <= n; i++) {
    if (i % 2) {
      const message = {
        interactionId: `int-${i}`,
        channel: 'SMS' as const,
        body: `message ${i}`,
        from: '+15550100',
        externalId: `sms-${i}`,
      };
      r.run({ kind: 'RecordInbound', ...base(i), actor: adapter, message });
    } else
      r.run({
        kind: 'AddNote',
        ...base(i),
        interactionId: `int-${i}`,
        note: 'INTERNAL_NOTE',
        body: `note ${i}`,
      });
    if (i % 10 === 0) r.run({ kind: 'Triage', ...base(i), tags: [`t${i % 30}`] });
  }
  return r;
}

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));

describe('a case document stays bounded', () => {
  it('a case with 10,000 interactions is no larger than one with 1,000: the newest are kept, every one counted', () => {
    const small = caseWith(1_000).case;
    const long = caseWith(10_000).case;
    expect(long.interactions).toHaveLength(INTERACTIONS_KEPT);
    expect(long.interactionCount).toBe(10_000);
    expect(long.interactions.at(-1)?.interactionId).toBe('int-10000');
    expect(long.history).toHaveLength(HISTORY_KEPT);
    expect(long.historyCount).toBe(1 + 1000);
    expect(long.correlationIds).toHaveLength(CORRELATIONS_KEPT);
    expect(long.correlationIds[0]).toBe('corr-0');
    expect(long.lastInboundChannel).toBe('SMS');
    // Only the figures' own digits differ (ids, times, counts): a few bytes per kept entry.
    expect(bytes(long)).toBeLessThanOrEqual(bytes(small) * 1.1);
    expect(bytes(long)).toBeLessThan(64 * 1024);
  });

  it('the journal numbers every interaction and history entry once, in order, and pages serve them all', async () => {
    const r = caseWith(1_000);
    const s = r.case;
    const all = [...r.interactions.keys()].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(r.interactions.get(1_000)).toEqual(s.interactions.at(-1));
    expect(r.history.get(1)?.action).toBe('OPENED');
    const older = async (after: number, through: number, limit: number): Promise<Numbered<Interaction>[]> =>
      all
        .filter((n) => n > after && n <= through)
        .slice(0, limit)
        .map((seq) => ({ seq, entry: r.interactions.get(seq) as Interaction }));
    const listed: string[] = [];
    for (let after: number | null = 0; after !== null;) {
      const page: Page<Interaction> = await journalPage(s.interactions, s.interactionCount, older, after, 77);
      listed.push(...page.items.map((n) => n.entry.interactionId));
      after = page.next;
    }
    expect(listed).toEqual(Array.from({ length: 1_000 }, (_, i) => `int-${i + 1}`));
  });

  it('a case stored before it kept only the newest gets its counts, and its next save journals what it drops', () => {
    const r = caseWith(60);
    // As an earlier version stored it: every interaction, no counts.
    const { interactionCount: _i, historyCount: _h, lastInboundChannel: _l, ...older } = r.case;
    const stored = upgradeStored({ ...older, interactions: [...r.interactions.values()] });
    expect(stored).toMatchObject({
      interactionCount: 60,
      historyCount: r.case.historyCount,
      lastInboundChannel: 'SMS',
    });
    const note: CaseCommand = {
      kind: 'AddNote',
      ...base(61),
      interactionId: 'int-61',
      note: 'INTERNAL_NOTE',
      body: 'x',
    };
    const events = decide(note, stored, DEFAULT_SLA);
    const w = journalWrites(stored, events);
    expect(w.interactions.map((n) => n.seq)).toEqual([...Array.from({ length: 11 }, (_, i) => i + 1), 61]);
    // The save keeps the newest: numbers 12 to 61.
    expect(fold(events, stored)?.interactions.map((i) => i.interactionId)).toEqual(
      Array.from({ length: INTERACTIONS_KEPT }, (_, i) => `int-${i + 12}`),
    );
  });
});
