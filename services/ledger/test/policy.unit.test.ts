import { bucketFor, DEFAULT_POLICIES, interestFor, lateFeeFor, minimumDue } from '../src/domain/policy';

const US = DEFAULT_POLICIES.US;
const CN = DEFAULT_POLICIES.CN;

describe('delinquency buckets (docs/domain.md#ledger: 1–29, 30–59, 60–89, 90–119, 120–179, charge-off at 180)', () => {
  it.each([
    [0, 'CURRENT'],
    [1, 'DPD_1_29'],
    [29, 'DPD_1_29'],
    [30, 'DPD_30_59'],
    [59, 'DPD_30_59'],
    [60, 'DPD_60_89'],
    [89, 'DPD_60_89'],
    [90, 'DPD_90_119'],
    [119, 'DPD_90_119'],
    [120, 'DPD_120_179'],
    [179, 'DPD_120_179'],
    [180, 'CHARGE_OFF'],
    [400, 'CHARGE_OFF'],
  ])('%i days past due is %s', (dpd, bucket) => {
    expect(bucketFor(dpd)).toBe(bucket);
  });
});

describe('minimum due', () => {
  it('is zero on a zero or credit balance', () => {
    expect(minimumDue(US, 0, 0, 0, 0)).toBe(0);
    expect(minimumDue(US, -500, 0, 0, 0)).toBe(0);
  });
  it('US: the floor for small balances, never above the balance', () => {
    expect(minimumDue(US, 10000, 0, 0, 0)).toBe(2500);
    expect(minimumDue(US, 1800, 0, 0, 0)).toBe(1800);
  });
  it('US: 1% of the balance plus interest and fees above the floor', () => {
    expect(minimumDue(US, 500000, 4000, 3000, 0)).toBe(5000 + 4000 + 3000);
  });
  it('adds what is already past due', () => {
    expect(minimumDue(US, 500000, 0, 0, 2500)).toBe(5000 + 2500);
  });
  it('CN: 10% of the balance', () => {
    expect(minimumDue(CN, 1000000, 0, 0, 0)).toBe(100000);
  });
});

describe('late fee', () => {
  it('US: first fee, repeat fee, capped at the missed minimum', () => {
    expect(lateFeeFor(US, 2500, 5000, false)).toBe(3000);
    expect(lateFeeFor(US, 2500, 5000, true)).toBe(4100);
    expect(lateFeeFor(US, 1000, 1000, false)).toBe(1000);
  });
  it('CN: a share of the unpaid minimum', () => {
    expect(lateFeeFor(CN, 100000, 100000, false)).toBe(5000);
  });
});

describe('interest', () => {
  it('is the average daily balance times APR over 365', () => {
    // 100,000.00 owed for 30 days at 24.99% → 2,053.97
    expect(interestFor(10_000_000 * 30, 2499)).toBe(205397);
    expect(interestFor(0, 2499)).toBe(0);
  });
});
