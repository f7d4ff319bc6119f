/** Facts that stop contact until they change: a cease request, an attorney, a channel's do-not-contact. */
import { always, never, type ContactRule } from './rule';

export function stopRules(): ContactRule[] {
  return [
    {
      id: 'ALL.CEASE',
      appliesTo: always,
      check: ({ facts }) => (facts.ceaseRequested ? never('the debtor asked for contact to cease') : null),
    },
    {
      id: 'ALL.ATTORNEY',
      appliesTo: always,
      check: ({ facts }) =>
        facts.attorneyOnFile ? never('the debtor is represented by an attorney; contact the attorney') : null,
    },
    {
      id: 'ALL.DO_NOT_CONTACT',
      appliesTo: always,
      check: ({ facts, attempt }) =>
        facts.doNotContact.includes(attempt.channel)
          ? never(`${attempt.channel} is marked do-not-contact`)
          : null,
    },
  ];
}
