/** ALL.PARTY: only the debtor, or a guarantor where the pack allows, learns of the debt. */
import type { ContactRulePack } from '../policy';
import { always, never, type ContactRule } from './rule';

export function partyRules(pack: ContactRulePack): ContactRule[] {
  return [
    {
      id: 'ALL.PARTY',
      appliesTo: always,
      check: ({ attempt }) =>
        pack.parties.includes(attempt.party)
          ? null
          : never(
              `${attempt.party} may not be contacted about the debt in ${pack.market}; only ${pack.parties.join(' or ')}`,
            ),
    },
  ];
}
