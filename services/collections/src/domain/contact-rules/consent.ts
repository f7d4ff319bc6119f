/** Autodialled or prerecorded contact with a mobile needs consent; a revocation counts from the moment it is on file. */
import type { ContactRulePack } from '../policy';
import { never, type ContactRule } from './rule';

export function consentRules(pack: ContactRulePack): ContactRule[] {
  const consent = pack.autodialConsent;
  if (!consent) return [];
  return [
    {
      id: consent.ruleId,
      appliesTo: (attempt) => attempt.autodialled && consent.channels.includes(attempt.channel),
      check: ({ facts }) =>
        facts.mobile && !facts.autodialConsentOnMobile
          ? never('no consent on file to autodialled or prerecorded calls to this mobile')
          : null,
    },
  ];
}
