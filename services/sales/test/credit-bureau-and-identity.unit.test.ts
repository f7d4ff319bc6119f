import fc from 'fast-check';
import { simulatedBureauReport } from '../src/domain/credit-bureau';
import { duplicateKey, maskNationalId, nationalIdHash, normaliseName } from '../src/domain/identity';

const KEY = 'test-secret';

describe('the simulated credit bureau', () => {
  it('gives the same applicant the same report every time', () => {
    expect(simulatedBureauReport('applicant-1')).toEqual(simulatedBureauReport('applicant-1'));
    expect(simulatedBureauReport('applicant-1')).not.toEqual(simulatedBureauReport('applicant-2'));
  });

  it('keeps every figure in its range: score 300–850, debt within the maximum, inquiries 0–7', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 10_000_000 }), (key, max) => {
        const r = simulatedBureauReport(key, max);
        expect(r.score).toBeGreaterThanOrEqual(300);
        expect(r.score).toBeLessThanOrEqual(850);
        expect(r.existingMonthlyDebt).toBeGreaterThanOrEqual(0);
        expect(r.existingMonthlyDebt).toBeLessThanOrEqual(max);
        expect(Number.isInteger(r.recentInquiries) && r.recentInquiries >= 0 && r.recentInquiries <= 7).toBe(
          true,
        );
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('spreads applicants: some thin files, low and high scores', () => {
    const reports = Array.from({ length: 1000 }, (_, i) => simulatedBureauReport(`applicant-${i}`));
    const thin = reports.filter((r) => r.thinFile).length;
    expect(thin).toBeGreaterThan(50);
    expect(thin).toBeLessThan(150);
    expect(reports.some((r) => r.score < 500)).toBe(true);
    expect(reports.some((r) => r.score > 780)).toBe(true);
  });
});

describe('the applicant’s identity', () => {
  it('normalises names: case, accents, punctuation and spacing do not make another person', () => {
    expect(normaliseName("  José  O'Neil ")).toBe('jose oneil');
    expect(normaliseName('JOSE ONEIL')).toBe('jose oneil');
    expect(normaliseName('王 小明')).toBe('王 小明');
  });

  it('hashes the national id with the service key, never holding the raw id', () => {
    const h = nationalIdHash('123-45-6789', KEY);
    expect(h).toBe(nationalIdHash('123456789', KEY));
    expect(h).not.toBe(nationalIdHash('123456789', 'another-key'));
    expect(h).not.toContain('123456789');
    expect(maskNationalId('123-45-6789')).toBe('*****6789');
    expect(maskNationalId('11010519491231002X')).toBe('**************002X');
  });

  it('gives one person one duplicate key, however the name is typed, and another person another', () => {
    const id = nationalIdHash('123-45-6789', KEY);
    const key = duplicateKey('José O’Neil', '1990-05-01', id);
    expect(duplicateKey('jose oneil', '1990-05-01', id)).toBe(key);
    expect(duplicateKey('José O’Neil', '1990-05-02', id)).not.toBe(key);
    expect(duplicateKey('José O’Neil', '1990-05-01', nationalIdHash('123-45-6780', KEY))).not.toBe(key);
    expect(key).not.toContain('6789');
  });
});
