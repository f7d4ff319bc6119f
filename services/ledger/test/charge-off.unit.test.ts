/**
 * Charge-off (docs/domain.md#ledger, "Delinquency and charge-off"): at 180
 * days past due no new purchases, interest and fees stop, and the balance is
 * kept for recovery.
 */
import { eod, given, opened, payment, postings, purchase, statements } from './account-fixtures';

// 1,000.00 never paid: statement 1 was due 2 March, so 180 days past due at the end of 29 August.
const unpaid = () => given([opened]).after(purchase(100000), eod('2026-08-29T00:00'));

describe('charge-off at 180 days past due', () => {
  it('at 180 days past due the account is charged off, and the charge-off is published', () => {
    const before = unpaid();
    expect(before.state).toMatchObject({ daysPastDue: 179, bucket: 'DPD_120_179', status: 'OPEN' });
    const s = before.when(eod('2026-08-30T00:00')).thenEventsMatch([
      { type: 'day-closed', payload: { date: '2026-08-29' } },
      { type: 'ledger.account.delinquency-changed.v1', payload: { bucket: 'CHARGE_OFF', daysPastDue: 180 } },
      {
        type: 'ledger.account.charged-off.v1',
        payload: {
          accountId: 'acc_1',
          daysPastDue: 180,
          balance: before.state?.balance,
          amountPastDue: before.state?.pastDue?.amount,
          currency: 'USD',
        },
      },
    ]);
    expect(s.state).toMatchObject({ status: 'CHARGED_OFF', bucket: 'CHARGE_OFF' });
  });

  it('a charged-off account declines purchases', () => {
    const s = unpaid().after(eod('2026-08-30T00:00'));
    s.when(purchase(1000, '2026-08-30T12:00')).thenEventsMatch([
      { type: 'ledger.transaction.declined.v1', payload: { reason: 'ACCOUNT_CLOSED' } },
    ]);
  });

  it('interest and fees stop after charge-off, and the balance is kept for recovery', () => {
    const off = unpaid().after(eod('2026-08-30T00:00'));
    const later = off.after(eod('2026-12-01T00:00'));
    const since = later.events.slice(off.events.length);
    expect(postings(since)).toEqual([]);
    expect(statements(since)).toEqual([]);
    expect(later.state?.balance).toBe(off.state?.balance);
  });

  it('a payment after charge-off lowers what is recovered; the account stays charged off', () => {
    const off = unpaid().after(eod('2026-08-30T00:00'));
    const owed = off.state?.balance ?? 0;
    const s = off
      .when(payment(owed, '2026-09-01T10:00'))
      .thenEventsMatch([{ type: 'ledger.transaction.posted.v1', payload: { kind: 'PAYMENT' } }]);
    expect(s.state).toMatchObject({ balance: 0, status: 'CHARGED_OFF', bucket: 'CHARGE_OFF' });
  });
});
