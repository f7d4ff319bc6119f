/**
 * ALL.PROMISE_SUPPRESSION: while a promise to pay runs, its debt is not chased
 * until the last instalment's deadline (docs/domain.md#collections). Other
 * debts of the same debtor stay open to contact.
 */
import { always, type ContactRule } from './rule';

export function promiseRules(): ContactRule[] {
  return [
    {
      id: 'ALL.PROMISE_SUPPRESSION',
      appliesTo: always,
      check: ({ facts, attempt }, at) => {
        const until = facts.suppressions?.find((s) => s.debtId === attempt.debtId)?.until;
        if (until === undefined) return null;
        const ends = Date.parse(until);
        return at < ends
          ? { reason: `a promise to pay on this debt runs until ${until}`, nextAllowedAt: ends }
          : null;
      },
    },
  ];
}
