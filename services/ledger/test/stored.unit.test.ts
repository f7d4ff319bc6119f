import type { AccountState } from '../src/domain/account';
import { upgradeStored } from '../src/domain/stored';
import { eod, given, opened, purchase } from './account-fixtures';

/** What an earlier version of the ledger stored: the state without the fields added since. */
function asStoredBefore(s: AccountState): AccountState {
  const {
    interest: _i,
    fees: _f,
    carried: _c,
    required: _r,
    disputesLeftOut: _d,
    ...st
  } = s.lastStatement ?? ({} as never);
  const { unpaidMinimums: _u, ...account } = s;
  return { ...account, lastStatement: s.lastStatement && st } as AccountState;
}

const after = (iso: string) => given([opened]).after(purchase(100000), eod(iso)).state as AccountState;

describe('accounts stored by an earlier version', () => {
  it('an account stored before a statement’s required payment existed asks for its minimum', () => {
    const s = after('2026-02-06T00:00');
    expect(upgradeStored(asStoredBefore(s)).lastStatement).toMatchObject({
      minimumDue: 2500,
      required: 2500,
      carried: 0,
      disputesLeftOut: [],
    });
    expect(upgradeStored(s)).toEqual(s);
  });

  it('an account stored before unpaid minimums were kept owes its past due and what its last statement added', () => {
    const s = after('2026-03-10T00:00');
    const upgraded = upgradeStored(asStoredBefore(s));
    const owed = (u: AccountState) => u.unpaidMinimums.map(({ dueDate, amount }) => ({ dueDate, amount }));
    expect(owed(upgraded)).toEqual(owed(s));
    expect(upgraded).toMatchObject({ pastDue: s.pastDue, daysPastDue: s.daysPastDue });
  });
});
