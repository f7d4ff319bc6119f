import { byPriority, isWorkable, type WorkItem } from '../src/domain/worklist';

const item = (caseId: string, over: Partial<WorkItem> = {}): WorkItem => ({
  caseId,
  bucket: 'DPD_1_29',
  collectableAmount: 1000,
  brokenPromises: 0,
  lastContactAt: 1_000,
  ...over,
});
const order = (...items: WorkItem[]) => [...items].sort(byPriority).map((i) => i.caseId);

describe('the work queue order', () => {
  it('puts the later bucket first, whatever the amount', () => {
    expect(order(item('a', { collectableAmount: 9000 }), item('b', { bucket: 'DPD_60_89' }))).toEqual([
      'b',
      'a',
    ]);
    expect(order(item('a', { bucket: 'DPD_120_179' }), item('b', { bucket: 'CHARGE_OFF' }))).toEqual([
      'b',
      'a',
    ]);
  });

  it('within a bucket, the larger collectable amount first', () => {
    expect(order(item('a', { collectableAmount: 500 }), item('b', { collectableAmount: 501 }))).toEqual([
      'b',
      'a',
    ]);
  });

  it('at the same amount, more broken promises first', () => {
    expect(order(item('a'), item('b', { brokenPromises: 1 }))).toEqual(['b', 'a']);
  });

  it('then the longest since the last contact, never contacted first', () => {
    expect(order(item('a', { lastContactAt: 2_000 }), item('b', { lastContactAt: 1_000 }))).toEqual([
      'b',
      'a',
    ]);
    expect(order(item('a'), item('b', { lastContactAt: null }))).toEqual(['b', 'a']);
  });

  it('breaks a full tie by case id, as the store sorts', () => {
    expect(order(item('b'), item('a'))).toEqual(['a', 'b']);
  });

  it('works a case again the instant its suppression ends', () => {
    expect(isWorkable(null, 5)).toBe(true);
    expect(isWorkable(6, 5)).toBe(false);
    expect(isWorkable(5, 5)).toBe(true);
  });
});
