/** How a command the case's status forbids is refused: the refusal names the status (currentStatus). */
import { DomainError } from '@cardline/platform/domain';
import type { CaseState } from './case';

export const refuse = (s: CaseState, action: string, hint?: string): DomainError =>
  new DomainError(
    'INVALID_STATE',
    `cannot ${action}: case ${s.caseId} is ${s.status}${hint ? ` (${hint})` : ''}`,
    s.status,
  );
