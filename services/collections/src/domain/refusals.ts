/** A command refused by a named plan, hardship or re-age rule: the API answers 422 naming it. */
import { DomainError } from '@cardline/platform/domain';
import type { HardshipRuleId, PlanRuleId, ReAgeLimitId } from './policy';

export type ReliefRuleId = PlanRuleId | HardshipRuleId | ReAgeLimitId;

export class RuleRefused extends DomainError {
  constructor(
    readonly ruleId: ReliefRuleId | (string & {}),
    message: string,
  ) {
    super('INVALID', `${ruleId}: ${message}`);
  }
}

export const ruleRefused = (ruleId: ReliefRuleId, why: string): RuleRefused => new RuleRefused(ruleId, why);
