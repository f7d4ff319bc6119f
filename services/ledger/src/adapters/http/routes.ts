import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import {
  DomainError,
  domainProblem,
  eventContext,
  parse,
  problems,
  type Clock,
  SimulatedClock,
} from '@cardline/platform';
import type { AccountService } from '../../application/account-service';
import type { EndOfDayScheduler } from '../../application/end-of-day';
import type { LedgerReadModels } from '../mongo/read-models';
import type { CardStatusReadModel } from '../mongo/card-status';
import {
  AccountIdParams,
  ClockBody,
  ListTransactionsQuery,
  OpenAccountBody,
  PostTransactionBody,
} from './schemas';
import { accountView, statementView, transactionView } from './views';

export interface RouteDeps {
  accounts: AccountService;
  readModels: LedgerReadModels;
  cardStatus: CardStatusReadModel;
  scheduler: EndOfDayScheduler;
  clock: Clock;
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((err: unknown) => next(toProblem(err)));
  };

function toProblem(err: unknown): unknown {
  return err instanceof DomainError ? domainProblem(err.code, err.message) : err;
}

export function ledgerRoutes(d: RouteDeps): Router {
  const r = Router();

  r.post(
    '/v1/accounts',
    wrap(async (req, res) => {
      const body = parse(OpenAccountBody, req);
      const s = await d.accounts.open(body, eventContext(req));
      res.status(201).location(`/v1/accounts/${s.accountId}`).json(accountView(s));
    }),
  );

  r.get(
    '/v1/accounts/:accountId',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      const s = await d.accounts.get(accountId);
      if (!s) throw problems.notFound(`account ${accountId} not found`);
      res.json(accountView(s));
    }),
  );

  r.post(
    '/v1/accounts/:accountId/transactions',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      const body = parse(PostTransactionBody, req);
      const idem = req.header('idempotency-key');
      const out = await d.accounts.post(accountId, body, {
        ...eventContext(req),
        requestId: idem ? `http:${idem}` : undefined,
      });
      res.status(201).json(out);
    }),
  );

  r.get(
    '/v1/accounts/:accountId/transactions',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      const q = parse(ListTransactionsQuery, req, 'query');
      if (!(await d.accounts.get(accountId))) throw problems.notFound(`account ${accountId} not found`);
      const items = await d.readModels.listTransactions(accountId, q.limit, q.before);
      const last = items[items.length - 1];
      res.json({
        items: items.map(transactionView),
        next: items.length === q.limit && last ? last.seq : null,
      });
    }),
  );

  // The ledger's view of the account's cards (from cards' events): what authorisation sees.
  r.get(
    '/v1/accounts/:accountId/cards',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      if (!(await d.accounts.get(accountId))) throw problems.notFound(`account ${accountId} not found`);
      res.json({ items: await d.cardStatus.listByAccount(accountId) });
    }),
  );

  r.get(
    '/v1/accounts/:accountId/statements',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      if (!(await d.accounts.get(accountId))) throw problems.notFound(`account ${accountId} not found`);
      res.json({ items: (await d.readModels.listStatements(accountId)).map(statementView) });
    }),
  );

  r.get(
    '/v1/accounts/:accountId/statements/:statementId',
    wrap(async (req, res) => {
      const { accountId } = parse(AccountIdParams, req, 'params');
      const st = await d.readModels.getStatement(accountId, String(req.params.statementId));
      if (!st)
        throw problems.notFound(`statement ${req.params.statementId} not found on account ${accountId}`);
      res.json(statementView(st));
    }),
  );

  r.get('/v1/admin/clock', (_req, res) => {
    res.json({ now: d.clock.now().toISOString(), simulated: d.clock instanceof SimulatedClock });
  });

  // Only with CLOCK=simulated: move time, then run end-of-day for every account now due.
  r.post(
    '/v1/admin/clock',
    wrap(async (req, res) => {
      if (!(d.clock instanceof SimulatedClock))
        throw problems.conflict('the ledger runs on the system clock; start it with CLOCK=simulated');
      const body = parse(ClockBody, req);
      try {
        d.clock.set(body.to ?? new Date(d.clock.now().getTime() + (body.advanceDays ?? 0) * 86_400_000));
      } catch (err) {
        throw problems.validation((err as Error).message);
      }
      const processed = await d.scheduler.drain();
      res.json({ now: d.clock.now().toISOString(), accountsProcessed: processed });
    }),
  );

  r.post(
    '/v1/admin/end-of-day',
    wrap(async (_req, res) => {
      res.json({ accountsProcessed: await d.scheduler.drain() });
    }),
  );

  return r;
}
