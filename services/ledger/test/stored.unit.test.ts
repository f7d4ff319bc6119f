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
  return { ...s, lastStatement: s.lastStatement && (st as AccountState['lastStatement']) };
}

describe('accounts stored by an earlier version', () => {
  it('an account stored before a statement’s required payment existed asks for its minimum', () => {
    const s = given([opened]).after(purchase(100000), eod('2026-02-06T00:00')).state as AccountState;
    const upgraded = upgradeStored(asStoredBefore(s));
    expect(upgraded.lastStatement).toMatchObject({
      minimumDue: 2500,
      required: 2500,
      carried: 0,
      disputesLeftOut: [],
    });
    expect(upgradeStored(s)).toEqual(s);
  });
});
