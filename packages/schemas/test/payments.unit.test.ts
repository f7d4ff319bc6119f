import { PAYMENT_REVERSAL, paidTowardMinimum } from '../src';

const posting = (kind: string, direction: string, adjustmentKind: string | null = null) =>
  ({ kind, direction, adjustmentKind, amount: 2500 }) as Parameters<typeof paidTowardMinimum>[0];

describe('what pays the minimum payment (docs/domain.md#ledger)', () => {
  it('a payment pays its amount and a returned payment takes it back', () => {
    expect(paidTowardMinimum(posting('PAYMENT', 'CREDIT'))).toBe(2500);
    expect(paidTowardMinimum(posting('ADJUSTMENT', 'DEBIT', PAYMENT_REVERSAL))).toBe(-2500);
  });
  it.each([
    ['a refund', posting('REFUND', 'CREDIT')],
    ['a provisional credit', posting('ADJUSTMENT', 'CREDIT', 'PROVISIONAL_CREDIT')],
    ['a dispute credit', posting('ADJUSTMENT', 'CREDIT', 'DISPUTE_CREDIT')],
    ['a fee waiver', posting('ADJUSTMENT', 'CREDIT', 'FEE_WAIVER')],
    ['a re-bill', posting('ADJUSTMENT', 'DEBIT', 'PROVISIONAL_CREDIT_REVERSAL')],
    ['a purchase', posting('PURCHASE', 'DEBIT')],
  ])('%s pays none of it', (_what, p) => {
    expect(paidTowardMinimum(p)).toBe(0);
  });
});
