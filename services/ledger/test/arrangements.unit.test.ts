/**
 * Arrangements collections asks for (docs/adr/0021-collections-plans-hardship-reage.md):
 * the ledger records them on the account and applies a re-age and a reduced rate.
 */
import type { AccountCommand } from '../src/domain/account';
import { at, eod, given, opened, postings, purchase } from './account-fixtures';

const arrangement = (
  kind: 'PLAN' | 'REDUCED_RATE' | 'PAYMENT_PAUSE' | 'RE_AGE',
  when: string,
  extra: Partial<Extract<AccountCommand, { kind: 'RecordArrangement' }>['request']> = {},
): AccountCommand => ({
  kind: 'RecordArrangement',
  request: {
    requestId: `col_1:${kind}`,
    kind,
    reference: `ref_${kind}`,
    instalments: [],
    rateBps: null,
    endsAt: null,
    currency: 'USD',
    ...extra,
  },
  now: at(when),
});

// 1,000.00 never paid: statement 1 was due 2 March; at the end of 1 April the account is 30 days past due.
const late = () => given([opened]).after(purchase(100000), eod('2026-04-02T00:00'));

describe('arrangements from collections', () => {
  it('a re-age clears what is past due and moves the account back to current; the balance stays', () => {
    const before = late();
    expect(before.state).toMatchObject({ bucket: 'DPD_30_59' });
    const owed = before.state?.pastDue?.amount;
    const s = before.when(arrangement('RE_AGE', '2026-04-02T10:00')).thenEventsMatch([
      {
        type: 'ledger.account.arrangement-recorded.v1',
        payload: { kind: 'RE_AGE', amountPastDueCleared: owed },
      },
      {
        type: 'ledger.account.delinquency-changed.v1',
        payload: { bucket: 'CURRENT', previousBucket: 'DPD_30_59', daysPastDue: 0, amountPastDue: 0 },
      },
    ]);
    expect(s.state).toMatchObject({
      bucket: 'CURRENT',
      daysPastDue: 0,
      pastDue: null,
      balance: before.state?.balance,
    });
  });

  it('records each request once', () => {
    late()
      .after(arrangement('RE_AGE', '2026-04-02T10:00'))
      .when(arrangement('RE_AGE', '2026-04-02T11:00'))
      .thenNothingHappened();
  });

  it('a plan is recorded on the account with its schedule', () => {
    const instalments = [
      { amount: 50000, dueDate: '2026-04-10' },
      { amount: 50000, dueDate: '2026-05-10' },
    ];
    const s = late()
      .when(arrangement('PLAN', '2026-04-02T10:00', { instalments }))
      .thenEventsMatch([
        { type: 'ledger.account.arrangement-recorded.v1', payload: { kind: 'PLAN', instalments } },
      ]);
    expect(s.state?.arrangements?.plan).toMatchObject({ reference: 'ref_PLAN', instalments });
  });

  it('a reduced rate is the APR interest is charged at until it ends', () => {
    const base = late();
    const interestAfter = (...cmds: AccountCommand[]) =>
      postings(base.after(...cmds).events.slice(base.events.length)).filter((p) => p.kind === 'INTEREST');
    // The statement of 5 April charges a cycle's interest at 24.99 %, or none at a reduced 0 %.
    expect(interestAfter(eod('2026-04-06T00:00'))).toHaveLength(1);
    const reduced = arrangement('REDUCED_RATE', '2026-04-02T10:00', {
      rateBps: 0,
      endsAt: at('2026-07-02T00:00'),
    });
    expect(interestAfter(reduced, eod('2026-04-06T00:00'))).toEqual([]);
  });

  it('a charged-off account is not re-aged', () => {
    given([opened])
      .after(purchase(100000), eod('2026-08-30T00:00'))
      .when(arrangement('RE_AGE', '2026-08-30T10:00'))
      .thenThrows('INVALID_STATE');
  });
});
