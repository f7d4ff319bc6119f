import {
  clockRoutes,
  DomainError,
  domainProblem,
  problems,
  reply,
  route,
  type AnyRouteDef,
  type Clock,
  type Role,
} from '@cardline/platform';
import type { AccountService } from '../../application/account-service';
import type { EndOfDayScheduler } from '../../application/end-of-day';
import type { LedgerReadModels } from '../mongo/read-models';
import type { CardStatusReadModel } from '../mongo/card-status';
import {
  AccountIdParams,
  ListTransactionsQuery,
  OpenAccountBody,
  PostTransactionBody,
  StatementIdParams,
} from './schemas';
import {
  AccountSchema,
  CardStatusesSchema,
  EndOfDaySchema,
  PostingSchema,
  StatementSchema,
  StatementsSchema,
  TransactionPageSchema,
} from './responses';
import { accountView, statementView, transactionView } from './views';
import { accountEndOfDayRoute } from './account-end-of-day-route';

export interface RouteDeps {
  accounts: AccountService;
  readModels: LedgerReadModels;
  cardStatus: CardStatusReadModel;
  scheduler: EndOfDayScheduler;
  clock: Clock;
  /** Local profile: one account's end-of-day may run ahead of the clock (demo seeding). */
  accountTimeTravel?: boolean;
}

// Who may do what (docs/adr/0010-gateway.md). Reading an account is for anyone
// serving the customer, sales included; the floor opens accounts by an approved
// application, so opening one directly is an admin's (docs/adr/0020-sales-enrolments-service.md);
// posting transactions is the card processor's, not the floor's.
const READ: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];
const OPEN: Role[] = ['admin'];
const POST: Role[] = ['card_processor', 'admin'];

const TAG = ['ledger'];

export function toProblem(err: unknown): unknown {
  return err instanceof DomainError ? domainProblem(err.code, err.message) : err;
}

export function ledgerRoutes(d: RouteDeps): AnyRouteDef[] {
  /** Reads under an account answer 404 for an account that does not exist, not an empty list. */
  const requireAccount = async (accountId: string) => {
    const s = await d.accounts.get(accountId);
    if (!s) throw problems.notFound(`account ${accountId} not found`);
    return s;
  };
  return [
    route({
      method: 'post',
      path: '/v1/accounts',
      summary: 'Open an account',
      roles: OPEN,
      tags: TAG,
      body: OpenAccountBody,
      responses: {
        201: reply('The new account', AccountSchema),
        409: 'An account with this accountId exists',
      },
      handle: async ({ body, ctx }) => {
        const s = await d.accounts.open(body, ctx);
        return { status: 201, body: accountView(s), location: `/v1/accounts/${s.accountId}` };
      },
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId',
      summary: 'Account balances, limits, statement and delinquency',
      roles: READ,
      tags: TAG,
      params: AccountIdParams,
      responses: { 200: reply('The account', AccountSchema), 404: 'No such account' },
      handle: async ({ params }) => ({
        status: 200,
        body: accountView(await requireAccount(params.accountId)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/accounts/:accountId/transactions',
      summary: 'Post a purchase (authorised against available credit), refund, payment, fee or adjustment',
      roles: POST,
      tags: TAG,
      idempotent: true,
      params: AccountIdParams,
      body: PostTransactionBody,
      responses: {
        201: reply('POSTED, or DECLINED with the reason', PostingSchema),
        404: 'No such account',
      },
      handle: async ({ params, body, ctx, req }) => {
        // The key also goes on the posting: the account remembers recent request ids, so a retry
        // posts once even after its stored answer is gone.
        const key = req.header('idempotency-key');
        const out = await d.accounts.post(params.accountId, body, {
          ...ctx,
          requestId: key ? `http:${key}` : undefined,
        });
        return { status: 201, body: out };
      },
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/transactions',
      summary: "Transactions, newest first (cursor: next); with statementId, that statement's lines",
      roles: READ,
      tags: TAG,
      params: AccountIdParams,
      query: ListTransactionsQuery,
      responses: {
        200: reply('A page of transactions', TransactionPageSchema),
        404: 'No such account, or no such statement on it',
      },
      handle: async ({ params, query }) => {
        await requireAccount(params.accountId);
        const { limit, before, statementId } = query;
        const items = statementId
          ? await d.readModels.statementLines(params.accountId, statementId, limit, before)
          : await d.readModels.listTransactions(params.accountId, limit, before);
        if (!items)
          throw problems.notFound(`statement ${statementId} not found on account ${params.accountId}`);
        const last = items[items.length - 1];
        return {
          status: 200,
          body: {
            items: items.map(transactionView),
            next: items.length === limit && last ? last.seq : null,
          },
        };
      },
    }),
    // The ledger's view of the account's cards (from cards' events): what authorisation sees.
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/cards',
      summary: "The account's cards and their status as the ledger knows them (from cards' events)",
      roles: READ,
      tags: TAG,
      params: AccountIdParams,
      responses: { 200: reply('Cards with their status', CardStatusesSchema), 404: 'No such account' },
      handle: async ({ params }) => {
        await requireAccount(params.accountId);
        return { status: 200, body: { items: await d.cardStatus.listByAccount(params.accountId) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/statements',
      summary: 'Statements, newest first',
      roles: READ,
      tags: TAG,
      params: AccountIdParams,
      responses: { 200: reply('Statements', StatementsSchema), 404: 'No such account' },
      handle: async ({ params }) => {
        await requireAccount(params.accountId);
        const statements = await d.readModels.listStatements(params.accountId);
        return { status: 200, body: { items: statements.map(statementView) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/statements/:statementId',
      summary: 'One statement',
      roles: READ,
      tags: TAG,
      params: StatementIdParams,
      responses: {
        200: reply('The statement', StatementSchema),
        404: 'No such statement on this account',
      },
      handle: async ({ params }) => {
        const st = await d.readModels.getStatement(params.accountId, params.statementId);
        if (!st)
          throw problems.notFound(`statement ${params.statementId} not found on account ${params.accountId}`);
        return { status: 200, body: statementView(st) };
      },
    }),
    ...clockRoutes(d.clock, {
      service: 'ledger',
      fires: 'end-of-day runs for every account now due',
      fired: { accountsProcessed: 'Accounts whose end-of-day ran' },
      afterMove: async () => ({ accountsProcessed: await d.scheduler.drain() }),
    }),
    route({
      method: 'post',
      path: '/v1/admin/end-of-day',
      summary: 'Run end-of-day for accounts now due',
      roles: ['admin'],
      tags: ['admin'],
      responses: { 200: reply('Accounts processed', EndOfDaySchema) },
      handle: async () => ({ status: 200, body: { accountsProcessed: await d.scheduler.drain() } }),
    }),
    ...(d.accountTimeTravel ? [accountEndOfDayRoute(d.accounts, d.clock)] : []),
  ];
}
