import { facts, gate, local, NY, plus, refused } from './contact-fixtures';

// A promise on debt-1 runs until its last deadline, 04:00 UTC on 13 March (midnight in New York).
const until = '2026-03-13T04:00:00.000Z';
const suppressions = [{ debtId: 'debt-1', until }];

describe('ALL.PROMISE_SUPPRESSION', () => {
  it('refuses contact on the promised debt until the deadline, and names the deadline', () => {
    expect(gate('US', [], { suppressions })(local('2026-03-10T10:00', NY))).toEqual(
      refused('ALL.PROMISE_SUPPRESSION', '2026-03-13T12:00:00.000Z'),
    );
  });

  it('refuses a millisecond before the deadline and lets the rule pass at it', () => {
    expect(gate('US', [], { suppressions })(plus(until, -1))).toEqual(
      expect.objectContaining({ allowed: false, ruleId: 'ALL.PROMISE_SUPPRESSION' }),
    );
    // At midnight the hours rule still waits for 08:00: suppression no longer refuses.
    expect(gate('US', [], { suppressions })(until)).toEqual(
      refused('US.CONTACT_HOURS', '2026-03-13T12:00:00.000Z'),
    );
  });

  it('leaves the debtor’s other debts open to contact', () => {
    expect(gate('US', [], { suppressions })(local('2026-03-10T10:00', NY), { debtId: 'debt-2' })).toEqual(
      expect.objectContaining({ allowed: true }),
    );
  });

  it('applies in CN too, on every channel', () => {
    expect(
      gate('CN', [], { ...facts(), timeZone: 'Asia/Shanghai', suppressions })('2026-03-10T02:00:00.000Z', {
        channel: 'LETTER',
      }),
    ).toEqual(refused('ALL.PROMISE_SUPPRESSION', until));
  });
});
