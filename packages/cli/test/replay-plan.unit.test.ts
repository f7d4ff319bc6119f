import { ranges } from '../src/read-window';
import { planReplay, planText, refusal } from '../src/replay-plan';

// Three partitions: p0 has records 0..99 and the window is 40..60; p1 has nothing in the window
// (both lookups answer its end); p2 is empty. The group read p0 to 95 and never read p1.
const highs = [
  { partition: 0, low: '0', high: '100' },
  { partition: 1, low: '10', high: '30' },
  { partition: 2, low: '0', high: '0' },
];
const starts = [
  { partition: 0, offset: '40' },
  { partition: 1, offset: '-1' },
  { partition: 2, offset: '-1' },
];
const ends = [
  { partition: 0, offset: '60' },
  { partition: 1, offset: '-1' },
  { partition: 2, offset: '-1' },
];
const plan = (committed: { partition: number; offset: string }[]) =>
  planReplay({
    topic: 'cards.card',
    group: 'sandbox.fraud',
    ranges: ranges(starts, ends, highs),
    highs,
    committed,
  });

describe('planning a replay into a sandbox group', () => {
  it("moves each partition to the window's first offset and counts the records it will read", () => {
    const p = plan([
      { partition: 0, offset: '95' },
      { partition: 1, offset: '-1' },
      { partition: 2, offset: '0' },
    ]);
    expect(p.partitions).toEqual([
      { partition: 0, committed: 95, target: 40, inWindow: 20, toEnd: 60, moves: true },
      { partition: 1, committed: null, target: 30, inWindow: 0, toEnd: 0, moves: true },
      { partition: 2, committed: 0, target: 0, inWindow: 0, toEnd: 0, moves: false },
    ]);
    expect(p.records).toEqual({ inWindow: 20, toEnd: 60 });
  });

  it('an open window counts to the end, and a group already at the start stays', () => {
    const p = planReplay({
      topic: 't',
      group: 'g',
      ranges: ranges([{ partition: 0, offset: '40' }], null, highs),
      highs,
      committed: [{ partition: 0, offset: '40' }],
    });
    expect(p.partitions).toEqual([
      { partition: 0, committed: 40, target: 40, inWindow: 60, toEnd: 60, moves: false },
    ]);
  });

  it('prints the diff partition by partition, then the totals', () => {
    const text = planText(plan([{ partition: 0, offset: '95' }]));
    expect(text.split('\n')).toEqual([
      'replay cards.card into group sandbox.fraud:',
      '  partition   0          95 -> 40         moves  20 in window, 60 to the end',
      '  partition   1        none -> 30         moves  0 in window, 0 to the end',
      '  partition   2        none -> 0          moves  0 in window, 0 to the end',
      '  3 of 3 partitions move; 20 records in the window, 60 to read from the new offsets',
    ]);
  });
});

describe('which groups a replay refuses', () => {
  const declared = ['ledger.read-models', 'disputes.case-intake'];

  it('never moves a production group, nor the CLI cursors', () => {
    expect(refusal('ledger.read-models', declared, 'Empty')).toMatch(
      /production consumer group.*sandbox\.ledger\.read-models/,
    );
    expect(refusal('cardline-cli.dlq-replay.x.dlq.y', declared, 'Empty')).toMatch(/CLI's own cursors/);
  });

  it('refuses a group with members, and accepts an inactive or new sandbox group', () => {
    expect(refusal('sandbox.fraud', declared, 'Stable')).toMatch(
      /is Stable, with members: stop its consumers first/,
    );
    expect(refusal('sandbox.fraud', declared, 'PreparingRebalance')).toMatch(/stop its consumers first/);
    expect(refusal('sandbox.fraud', declared, 'Empty')).toBeNull();
    expect(refusal('sandbox.fraud', declared, 'Dead')).toBeNull();
  });
});
