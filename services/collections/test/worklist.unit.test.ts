import { indexFields } from '../src/application/case-service';
import { decide, fold, type CaseCommand, type CaseState } from '../src/domain/case';
import { BUCKET_RANK, byPriority, isWorkable, PRIORITY_SORT, type WorkItem } from '../src/domain/worklist';

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

describe('the store sorts by the same fields', () => {
  it('every field of the store’s sort is an index field the case document carries', () => {
    const open: CaseCommand = {
      kind: 'OpenCase',
      caseId: 'col_1',
      accountId: 'acc_1',
      account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
      currency: 'USD',
      openDisputes: [],
      bucket: 'DPD_60_89',
      daysPastDue: 61,
      amountPastDue: 2500,
      asOf: 1_000,
      now: 1_000,
    };
    const s = fold(decide(open, null), null) as CaseState;
    const fields = indexFields(s);
    expect(Object.keys(PRIORITY_SORT).filter((k) => k !== '_id' && !(k in fields))).toEqual([]);
    expect(fields).toMatchObject({
      bucketRank: BUCKET_RANK.DPD_60_89,
      collectableAmount: 2500,
      brokenPromises: 0,
      lastContactAt: null,
      suppressedUntil: null,
    });
  });
});
