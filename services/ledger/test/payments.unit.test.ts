/**
 * Only payments pay the minimum (docs/domain.md#ledger, "Payments and past
 * due"): refunds, credits and waivers lower the balance without paying any of
 * it; a returned payment takes back what it paid.
 */
import { PAYMENT_REVERSAL } from '@cardline/schemas';
import { adjustment, eod, given, lateFees, opened, payment, purchase, refund } from './account-fixtures';

// 1,000.00 spent; statement 1 (5 February) asks 25.00 by 2 March.
const stated = () => given([opened]).after(purchase(100000), eod('2026-02-06T00:00'));
const paymentId = 'pay_2500_2026-02-20T10:00';
const returned = (when: string) => adjustment(PAYMENT_REVERSAL, 'DEBIT', 2500, when, paymentId);

describe('what pays the minimum', () => {
  it('a refund lowers the balance but pays none of the minimum', () => {
    const s = stated().after(refund(10000, '2026-02-10T10:00'), eod('2026-03-03T00:00'));
    expect(s.state).toMatchObject({ balance: 90000 + 2500, pastDue: { amount: 2500, since: '2026-03-02' } });
    expect(lateFees(s.events)).toHaveLength(1);
  });

  it.each(['PROVISIONAL_CREDIT', 'FEE_WAIVER', 'DISPUTE_CREDIT', 'GOODWILL'])(
    'a %s credit lowers the balance but pays none of the minimum',
    (kind) => {
      const s = stated().after(adjustment(kind, 'CREDIT', 5000, '2026-02-10T10:00'), eod('2026-03-03T00:00'));
      expect(s.state?.pastDue).toEqual({ amount: 2500, since: '2026-03-02' });
      expect(lateFees(s.events)).toHaveLength(1);
    },
  );

  it('a refund does not cure what is past due', () => {
    const late = stated().after(eod('2026-03-10T00:00'));
    expect(late.state?.bucket).toBe('DPD_1_29');
    const s = late
      .when(refund(3000, '2026-03-10T12:00'))
      .thenEventsMatch([{ type: 'ledger.transaction.posted.v1' }]);
    expect(s.state).toMatchObject({ bucket: 'DPD_1_29', pastDue: { amount: 2500, since: '2026-03-02' } });
  });

  it('past due is never more than is owed: a refund of the whole balance leaves nothing past due', () => {
    const late = stated().after(eod('2026-03-10T00:00'));
    const s = late.after(refund(late.state?.balance ?? 0, '2026-03-10T12:00'));
    expect(s.state).toMatchObject({ balance: 0, pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
  });
});

describe('a returned payment', () => {
  it('a payment returned before the due date no longer pays the minimum', () => {
    const s = stated().after(
      payment(2500, '2026-02-20T10:00'),
      returned('2026-02-25T10:00'),
      eod('2026-03-03T00:00'),
    );
    expect(s.state?.pastDue).toEqual({ amount: 2500, since: '2026-03-02' });
    expect(lateFees(s.events)).toHaveLength(1);
  });

  it('a payment returned after the due date makes that minimum past due from its due date', () => {
    const paid = stated().after(payment(2500, '2026-02-20T10:00'), eod('2026-03-10T00:00'));
    expect(paid.state).toMatchObject({ pastDue: null, bucket: 'CURRENT' });
    const s = paid.when(returned('2026-03-10T12:00')).thenEventsMatch([
      {
        type: 'ledger.transaction.posted.v1',
        payload: { kind: 'ADJUSTMENT', adjustmentKind: PAYMENT_REVERSAL },
      },
      { type: 'ledger.account.delinquency-changed.v1', payload: { bucket: 'DPD_1_29', daysPastDue: 7 } },
    ]);
    expect(s.state?.pastDue).toEqual({ amount: 2500, since: '2026-03-02' });
  });

  it('a payment returned twice takes back what it paid once', () => {
    const again = { ...returned('2026-02-26T10:00'), requestId: 'req_again', transactionId: 'adj_again' };
    const s = stated().after(payment(2500, '2026-02-20T10:00'), returned('2026-02-25T10:00'), again);
    expect(s.state?.unpaidMinimums.map((m) => m.amount)).toEqual([2500]);
  });

  it('what another payment paid beyond the minimum pays what a returned payment leaves unpaid', () => {
    const s = stated().after(
      payment(2500, '2026-02-20T10:00'),
      payment(2500, '2026-02-21T10:00'),
      returned('2026-02-25T10:00'),
      eod('2026-03-10T00:00'),
    );
    expect(s.state).toMatchObject({ pastDue: null, bucket: 'CURRENT' });
    expect(lateFees(s.events)).toEqual([]);
  });
});
