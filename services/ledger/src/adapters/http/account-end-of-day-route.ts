import { z } from 'zod';
import { problems, reply, route, type AnyRouteDef, type Clock } from '@cardline/platform';
import type { AccountService } from '../../application/account-service';
import { AccountSchema } from './responses';
import { AccountIdParams } from './schemas';
import { accountView } from './views';

/** How far ahead of the clock one account may be run (the end-of-day folds each day, so this bounds the work). */
export const MAX_DAYS_AHEAD = 400;
const DAY = 86_400_000;

const Body = z
  .object({ asOf: z.string().datetime().describe('Run every local day of the account that ended by then') })
  .strict()
  .openapi('AccountEndOfDay');

/**
 * Local profile only (ledger.ts registers it there): one account's
 * end-of-day run up to an instant ahead of the clock, so `npm start` can
 * seed delinquent accounts in several buckets without moving the shared
 * clock the other demo data runs on (docs/adr/0025-simulated-delivery-adapter.md).
 * The days are folded one at a time as the timer would; the timer takes the
 * account up again once the clock passes its last day.
 */
export function accountEndOfDayRoute(accounts: AccountService, clock: Clock): AnyRouteDef {
  return route({
    method: 'post',
    path: '/v1/admin/accounts/:accountId/end-of-day',
    summary: 'Run one account’s end-of-day ahead of the clock (local profile only: demo seeding)',
    roles: ['admin'],
    tags: ['admin'],
    params: AccountIdParams,
    body: Body,
    responses: {
      200: reply('The account after its days up to asOf', AccountSchema),
      404: 'No such account',
      422: `asOf is more than ${MAX_DAYS_AHEAD} days ahead of the clock`,
    },
    handle: async ({ params, body, ctx }) => {
      const asOf = new Date(body.asOf);
      if (asOf.getTime() - clock.now().getTime() > MAX_DAYS_AHEAD * DAY)
        throw problems.validation(`asOf may be at most ${MAX_DAYS_AHEAD} days ahead of the clock`);
      if (!(await accounts.get(params.accountId)))
        throw problems.notFound(`account ${params.accountId} not found`);
      await accounts.runEndOfDay(params.accountId, asOf, ctx);
      const s = await accounts.get(params.accountId);
      if (!s) throw problems.notFound(`account ${params.accountId} not found`);
      return { status: 200, body: accountView(s) };
    },
  });
}
