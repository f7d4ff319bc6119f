/** What a message must carry or follow: the validation notice first, an opt-out on every email and text. */
import type { ContactRulePack } from '../policy';
import { never, type ContactRule } from './rule';

export function disclosureRules(pack: ContactRulePack): ContactRule[] {
  const rules: ContactRule[] = [];
  if (pack.validationNotice)
    rules.push({
      id: pack.validationNotice.ruleId,
      appliesTo: (attempt) => !attempt.carriesValidationNotice,
      check: ({ facts }, at) => {
        const sentAt =
          facts.validationNoticeSentAt === null ? null : Date.parse(facts.validationNoticeSentAt);
        if (sentAt !== null && sentAt <= at) return null;
        const reason = 'the validation notice (itemised amount) must go out before any other contact';
        return sentAt === null ? never(reason) : { reason, nextAllowedAt: sentAt };
      },
    });
  const optOut = pack.optOut;
  if (optOut)
    rules.push({
      id: optOut.ruleId,
      appliesTo: (attempt) => optOut.channels.includes(attempt.channel),
      check: ({ attempt }) =>
        attempt.hasOptOut ? null : never(`every ${attempt.channel} must offer an opt-out`),
    });
  return rules;
}
