/**
 * Why a decider refused a command. Pure: deciders throw it, the HTTP layer
 * maps the code to a status (`domainProblem` in http/problem.ts).
 */
export type DomainErrorCode = 'ALREADY_EXISTS' | 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID' | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The aggregate's status that refused the command, where callers show it (cards' currentStatus). */
    readonly currentStatus?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
