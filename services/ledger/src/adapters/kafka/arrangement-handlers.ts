import { DomainError, PoisonMessageError, type HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { AccountService } from '../../application/account-service';

/**
 * Group ledger.adjustments (with adjustmentHandlers): the arrangements
 * collections asks for — a plan's schedule, a hardship rate or pause, a
 * re-age (docs/adr/0021-collections-plans-hardship-reage.md).
 */
export function arrangementHandlers(accounts: AccountService): HandlerMap<EventPayloads> {
  return {
    'ledger.adjustment.arrangement-requested.v1': async (e) => {
      const { accountId, requestedBy: _by, requestedAt: _at, ...request } = e.payload;
      try {
        await accounts.recordArrangement(accountId, request, {
          correlationId: e.correlationId,
          causationId: e.id,
        });
      } catch (err) {
        // No account, an unknown kind, or a re-age of a charged-off account: it can never be recorded.
        if (err instanceof DomainError && err.code !== 'ALREADY_EXISTS')
          throw new PoisonMessageError(`arrangement ${request.requestId}: ${err.message}`);
        throw err;
      }
    },
  };
}
