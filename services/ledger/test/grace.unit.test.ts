/**
 * Grace (docs/domain.md#ledger, "Due date and grace"): no interest on
 * purchases when the previous statement's balance was paid in full by its due
 * date, amounts under dispute left out.
 */
import { eod, given, hold, interestCharged, opened, payment, purchase, statements } from './account-fixtures';

describe('grace is judged at the due date', () => {
  it('a statement balance paid in full only after its due date loses the grace period', () => {
    // Statement 1 (5 February) shows 1,000.00 due 2 March; it is paid on 3 March.
    const s = given([opened]).after(
      purchase(100000),
      eod('2026-03-03T00:00'),
      payment(100000, '2026-03-03T10:00'),
      eod('2026-03-06T00:00'),
    );
    expect(interestCharged(s.events)).toBeGreaterThan(0);
  });

  it('a statement balance paid in full by its due date keeps the grace period', () => {
    const s = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(100000, '2026-03-02T10:00'),
      purchase(5000, '2026-03-03T10:00'),
      eod('2026-03-06T00:00'),
    );
    expect(interestCharged(s.events)).toBe(0);
  });

  it('a statement balance paid in full but for the amount in dispute keeps the grace period', () => {
    const disputedId = 'txn_300000_2026-01-13T12:00';
    const s = given([opened]).after(
      purchase(100000),
      purchase(300000, '2026-01-13T12:00'),
      hold('d1', 300000, false, disputedId),
      eod('2026-02-06T00:00'),
      payment(100000, '2026-02-20T10:00'),
      eod('2026-03-06T00:00'),
    );
    expect(statements(s.events)[0]?.closingBalance).toBe(400000);
    expect(interestCharged(s.events)).toBe(0);
  });
});
