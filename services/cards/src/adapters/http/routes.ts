import {
  clockRoutes,
  domainProblem,
  DomainError,
  problems,
  reply,
  route,
  type AnyRouteDef,
  type Clock,
  type Role,
} from '@cardline/platform';
import type { CardService } from '../../application/card-service';
import type { CardTransactionsView } from '../mongo/card-transactions';
import {
  AccountIdParams,
  CardIdParams,
  CardSearchQuery,
  CloseBody,
  FraudReportBody,
  FreezeBody,
  FulfilmentBody,
  ReportBody,
  UnfreezeBody,
} from './schemas';
import {
  CardSchema,
  CardsSchema,
  FraudReportedSchema,
  FraudTraceSchema,
  ReplacementSchema,
} from './responses';
import { cardView, traceView } from './views';

export interface RouteDeps {
  cards: CardService;
  transactions: CardTransactionsView;
  clock: Clock;
  /** Reports carrier milestones now due (after the simulated clock moves). */
  drainCarrier: () => Promise<number>;
}

// Who may do what (roles: docs/domain.md#privacy-and-security). Reading a card is for
// anyone serving the customer; acting on it is for the front line; closing is a
// supervisor's call.
const READ: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'admin'];
const ACT: Role[] = ['agent', 'supervisor', 'admin'];
const CLOSE: Role[] = ['supervisor', 'admin'];
// An additional card is a supervisor's call (docs/adr/0023-least-privilege-operations.md).
const ISSUE: Role[] = ['supervisor', 'admin'];

const TAG = ['cards'];
const CARD_409 = 'Not allowed in the card’s current state (currentStatus names it)';

export function toProblem(err: unknown): unknown {
  return err instanceof DomainError
    ? domainProblem(
        err.code,
        err.message,
        err.code === 'INVALID_STATE' ? { currentStatus: err.currentStatus } : {},
      )
    : err;
}

export function cardRoutes(d: RouteDeps): AnyRouteDef[] {
  const ok = (s: Parameters<typeof cardView>[0]) => ({ status: 200 as const, body: cardView(s) });
  const card = (description: string) => reply(description, CardSchema);
  return [
    route({
      method: 'get',
      path: '/v1/cards/:cardId',
      summary: 'A card: status, masked number, freeze/block details, plastic and delivery',
      roles: READ,
      tags: TAG,
      params: CardIdParams,
      responses: { 200: card('The card'), 404: 'No such card' },
      handle: async ({ params }) => ok(await d.cards.require(params.cardId)),
    }),
    route({
      method: 'get',
      path: '/v1/cards',
      summary:
        'Customer search by a card’s last four digits: the cards that end so, newest first (at most 50), with their customer and account',
      roles: READ,
      tags: TAG,
      query: CardSearchQuery,
      responses: { 200: reply('The cards (empty when none ends so)', CardsSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: (await d.cards.findByLast4(query.last4)).map(cardView) },
      }),
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/cards',
      summary: 'Cards on an account, oldest first',
      roles: READ,
      tags: TAG,
      params: AccountIdParams,
      responses: { 200: reply('Cards (empty when the account has none yet)', CardsSchema) },
      handle: async ({ params }) => ({
        status: 200,
        body: { items: (await d.cards.listByAccount(params.accountId)).map(cardView) },
      }),
    }),
    route({
      method: 'post',
      path: '/v1/accounts/:accountId/cards',
      summary:
        'Issue an additional card on the account (inactive until someone other than its issuer activates it), to the address on file',
      roles: ISSUE,
      tags: TAG,
      idempotent: true,
      params: AccountIdParams,
      body: FulfilmentBody,
      responses: {
        201: card('The new card'),
        404: 'The account has no card yet',
        422: 'A delivery address was given: an additional card goes to the address on file',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const s = await d.cards.issueAdditional(
          params.accountId,
          { fulfilment: { speed: body.speed, address: body.deliveryAddress ?? null }, actor },
          ctx,
        );
        return { status: 201, body: cardView(s), location: `/v1/cards/${s.cardId}` };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/activate',
      summary:
        'Activate a new card, or the new plastic of a damaged one (not by whoever issued an additional card)',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      responses: {
        200: card('The card, ACTIVE'),
        403: 'The caller issued this additional card',
        404: 'No such card',
        409: CARD_409,
      },
      handle: async ({ params, actor, ctx }) => ok((await d.cards.activate(params.cardId, actor, ctx)).state),
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/freeze',
      summary: 'Freeze an active card (reversible): authorisations are declined at once',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: FreezeBody,
      responses: { 200: card('The card, FROZEN'), 404: 'No such card', 409: CARD_409 },
      handle: async ({ params, body, actor, ctx }) =>
        ok((await d.cards.freeze(params.cardId, { reason: body.reason, actor }, ctx)).state),
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/unfreeze',
      summary: 'Unfreeze a frozen card',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: UnfreezeBody,
      responses: { 200: card('The card, ACTIVE'), 404: 'No such card', 409: CARD_409 },
      handle: async ({ params, body, actor, ctx }) =>
        ok((await d.cards.unfreeze(params.cardId, { reason: body.reason ?? null, actor }, ctx)).state),
    }),
    ...(['lost', 'stolen'] as const).map((what) =>
      route({
        method: 'post',
        path: `/v1/cards/:cardId/report-${what}`,
        summary: `Report the card ${what}: blocked for good at once; then order a replacement`,
        roles: ACT,
        tags: TAG,
        idempotent: true,
        params: CardIdParams,
        body: ReportBody,
        responses: { 200: card(`The card, ${what.toUpperCase()}`), 404: 'No such card', 409: CARD_409 },
        handle: async ({ params, body, actor, ctx }) =>
          ok(
            (
              await d.cards.report(
                params.cardId,
                what === 'lost' ? 'ReportLost' : 'ReportStolen',
                {
                  lastLegitimateUseAt: Date.parse(body.lastUsedAt),
                  lastUsedWhere: body.lastUsedWhere ?? null,
                  actor,
                },
                ctx,
              )
            ).state,
          ),
      }),
    ),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/report-damaged',
      summary:
        'Report the plastic damaged: a new plastic with the same number is mailed to the address on file; the card stays usable (another address: report it lost and order a new-number replacement)',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: FulfilmentBody,
      responses: {
        200: card('The card with its new plastic order'),
        404: 'No such card',
        409: CARD_409,
        422: 'A delivery address was given: the same number goes to the address on file only',
      },
      handle: async ({ params, body, actor, ctx }) =>
        ok(
          (
            await d.cards.reportDamaged(
              params.cardId,
              { fulfilment: { speed: body.speed, address: body.deliveryAddress ?? null }, actor },
              ctx,
            )
          ).state,
        ),
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/replacement',
      summary:
        'Order the replacement of a lost or stolen card: a new card number, mailed standard or express (to an address not on file: supervisor or admin)',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: FulfilmentBody,
      responses: {
        201: reply('The old card and its replacement (inactive until activated)', ReplacementSchema),
        403: 'An address not on file, asked by someone other than a supervisor or admin',
        404: 'No such card',
        409: CARD_409,
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { old, replacement } = await d.cards.orderReplacement(
          params.cardId,
          { fulfilment: { speed: body.speed, address: body.deliveryAddress ?? null }, actor },
          ctx,
        );
        return {
          status: 201,
          body: { replaced: cardView(old), replacement: cardView(replacement) },
          location: `/v1/cards/${replacement.cardId}`,
        };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/close',
      summary: 'Close the card for good',
      roles: CLOSE,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: CloseBody,
      responses: { 200: card('The card, CLOSED'), 404: 'No such card', 409: CARD_409 },
      handle: async ({ params, body, actor, ctx }) =>
        ok((await d.cards.close(params.cardId, { reason: body.reason, actor }, ctx)).state),
    }),
    route({
      method: 'get',
      path: '/v1/cards/:cardId/fraud-trace',
      summary:
        'Transactions on a lost or stolen card after the customer’s last legitimate use, oldest first, and declined attempts',
      roles: [...ACT, 'dispute_analyst'],
      tags: TAG,
      params: CardIdParams,
      responses: {
        200: reply('The trace', FraudTraceSchema),
        404: 'No such card',
        409: 'The card was not reported lost or stolen',
      },
      handle: async ({ params }) => {
        const { card, transactions } = await d.cards.fraudTrace(params.cardId);
        const declined = await d.transactions.declinedSince(
          params.cardId,
          card.block?.lastLegitimateUseAt ?? card.issuedAt,
        );
        return { status: 200, body: traceView(card, transactions, declined) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cards/:cardId/fraud-report',
      summary:
        'Mark trace transactions the customer does not recognise: emits a fraud report (disputes opens claims)',
      roles: ACT,
      tags: TAG,
      idempotent: true,
      params: CardIdParams,
      body: FraudReportBody,
      responses: {
        201: reply('The fraud report', FraudReportedSchema),
        404: 'No such card',
        409: 'Not reported lost or stolen, or a transaction was already reported',
        422: 'A transaction is not in the trace',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { events } = await d.cards.reportFraud(
          params.cardId,
          { transactionIds: body.transactionIds, actor },
          ctx,
        );
        const report = events.find((e) => e.type === 'cards.card.fraud-reported.v1');
        if (!report || report.type !== 'cards.card.fraud-reported.v1') throw problems.internal();
        const p = report.payload;
        return {
          status: 201,
          body: {
            reportId: p.reportId,
            cardId: p.cardId,
            transactions: p.transactions.map((t) => ({ ...t, postedAt: new Date(t.postedAt).toISOString() })),
            totalAmount: p.totalAmount,
            currency: p.currency,
          },
        };
      },
    }),
    ...clockRoutes(d.clock, {
      service: 'cards',
      fires: 'carrier milestones now due are reported',
      fired: { milestones: 'Carrier milestones (shipped, delivered) reported' },
      afterMove: async () => ({ milestones: await d.drainCarrier() }),
    }),
  ];
}
