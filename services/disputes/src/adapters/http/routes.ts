import { z, type ZodTypeAny } from 'zod';
import {
  problems,
  reply,
  route,
  clockRoutes,
  domainProblem,
  DomainError,
  type Actor,
  type AnyRouteDef,
  type Clock,
  type EventContext,
  type Role,
} from '@cardline/platform';
import type { DisputeService } from '../../application/dispute-service';
import type { DisputeState } from '../../domain/dispute';
import {
  ChargebackBody,
  CreditBody,
  DecideCreditBody,
  DisputeIdParams,
  ListQuery,
  NetworkStepBody,
  OpenBody,
  OverrideBody,
  ResolveBody,
  WithdrawBody,
} from './schemas';
import { DisputeSchema, DisputesSchema } from './responses';
import { disputeView } from './views';

export interface RouteDeps {
  disputes: DisputeService;
  clock: Clock;
  /** Fires the clocks now due (after the simulated clock moves). */
  drainClocks: () => Promise<number>;
}

// docs/domain.md#privacy-and-security: agents open, dispute analysts decide; supervisors may do both.
const READ: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'admin'];
const OPEN: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'admin'];
const DECIDE: Role[] = ['dispute_analyst', 'supervisor', 'admin'];
/** The card network's callbacks (the network adapter's webhook stand-in). */
const NETWORK: Role[] = ['admin'];
const TAG = ['disputes'];

export function toProblem(err: unknown): unknown {
  return err instanceof DomainError ? domainProblem(err.code, err.message) : err;
}

const ok = (s: DisputeState) => ({ status: 200 as const, body: disputeView(s) });
const Empty = z.object({}).strict();

/** A command on one dispute: POST /v1/disputes/:disputeId/<verb>, answered with the dispute. */
function act<B extends ZodTypeAny>(
  verb: string,
  summary: string,
  roles: Role[],
  body: B,
  run: (id: string, body: z.infer<B>, actor: Actor, ctx: EventContext) => Promise<{ state: DisputeState }>,
): AnyRouteDef {
  return route({
    method: 'post',
    path: `/v1/disputes/:disputeId/${verb}`,
    summary,
    roles,
    tags: TAG,
    idempotent: true,
    params: DisputeIdParams,
    body,
    responses: {
      200: reply('The dispute', DisputeSchema),
      403: 'Separation of duties: e.g. resolving a dispute you opened or credited',
      404: 'No such dispute',
      409: 'Not allowed in the dispute’s current state',
    },
    handle: async ({ params, body: b, actor, ctx }) => ok((await run(params.disputeId, b, actor, ctx)).state),
  });
}

export function disputeRoutes(d: RouteDeps): AnyRouteDef[] {
  const q = d.disputes;
  return [
    route({
      method: 'post',
      path: '/v1/disputes',
      summary:
        'Open a dispute on a transaction or fee (validated against disputes’ read model of the ledger)',
      roles: OPEN,
      tags: TAG,
      idempotent: true,
      body: OpenBody,
      responses: {
        201: reply('The dispute, with its clocks and protection', DisputeSchema),
        404: 'Unknown account or transaction',
        422: 'Invalid, e.g. amount above the charge',
      },
      handle: async ({ body, actor, ctx }) => {
        const s = await d.disputes.open(
          {
            ...body,
            noticeAt: body.noticeAt ? Date.parse(body.noticeAt) : undefined,
            actor,
          },
          ctx,
        );
        return { status: 201, body: disputeView(s), location: `/v1/disputes/${s.disputeId}` };
      },
    }),
    route({
      method: 'get',
      path: '/v1/disputes',
      summary: 'Disputes of an account or a case, oldest first',
      roles: READ,
      tags: TAG,
      query: ListQuery,
      responses: { 200: reply('Disputes', DisputesSchema) },
      handle: async ({ query }) => {
        if (!query.accountId && !query.caseId) throw problems.validation('give accountId or caseId');
        const filter = query.accountId ? { accountId: query.accountId } : { caseId: query.caseId as string };
        return { status: 200, body: { items: (await d.disputes.list(filter)).map(disputeView) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/disputes/:disputeId',
      summary: 'A dispute with its clocks, credit, chargeback and full history',
      roles: READ,
      tags: TAG,
      params: DisputeIdParams,
      responses: { 200: reply('The dispute', DisputeSchema), 404: 'No such dispute' },
      handle: async ({ params }) => ok(await d.disputes.require(params.disputeId)),
    }),
    act(
      'acknowledge',
      'Record that the written acknowledgement went out',
      OPEN,
      Empty,
      (id, _b, actor, ctx) => q.acknowledge(id, { actor }, ctx),
    ),
    act(
      'provisional-credit',
      'Credit (part of) the disputed amount provisionally',
      DECIDE,
      CreditBody,
      (id, b, actor, ctx) => q.issueProvisionalCredit(id, { amount: b.amount, actor }, ctx),
    ),
    act(
      'credit-approval',
      'A second person approves or declines a credit waiting for them (above the policy’s second-approver amount; not the requester, and for a resolution not whoever opened or credited the dispute)',
      DECIDE,
      DecideCreditBody,
      (id, b, actor, ctx) => q.decideCredit(id, { approve: b.approve, actor }, ctx),
    ),
    act(
      'goodwill-override',
      'Override the late-fee goodwill decision, with a reason',
      DECIDE,
      OverrideBody,
      (id, b, actor, ctx) => q.overrideGoodwill(id, { decision: b.decision, reason: b.reason, actor }, ctx),
    ),
    act(
      'chargeback',
      'File a network chargeback (reason code from the reason, the card network and, for fraud, how the card was used)',
      DECIDE,
      ChargebackBody,
      (id, b, actor, ctx) => q.fileChargeback(id, { entryMode: b.entryMode ?? 'UNKNOWN', actor }, ctx),
    ),
    act(
      'pre-arbitration',
      'Answer a representment with pre-arbitration',
      DECIDE,
      Empty,
      (id, _b, actor, ctx) => q.escalatePreArbitration(id, { actor }, ctx),
    ),
    act(
      'arbitration',
      'File for arbitration after a declined pre-arbitration',
      DECIDE,
      Empty,
      (id, _b, actor, ctx) => q.fileArbitration(id, { actor }, ctx),
    ),
    act(
      'network-steps',
      'The card network reports a step (the network adapter’s callback)',
      NETWORK,
      NetworkStepBody,
      (id, b, _actor, ctx) => q.recordNetworkStep(id, { step: b.step, note: b.note ?? null }, ctx),
    ),
    act(
      'resolve',
      'Resolve: customer wins (credit stands) or merchant wins (rebill, with explanation)',
      DECIDE,
      ResolveBody,
      (id, b, actor, ctx) => q.resolve(id, { outcome: b.outcome, explanation: b.explanation, actor }, ctx),
    ),
    act('withdraw', 'The customer withdraws the dispute', OPEN, WithdrawBody, (id, b, actor, ctx) =>
      q.withdraw(id, { explanation: b.explanation, actor }, ctx),
    ),
    ...clockRoutes(d.clock, {
      service: 'disputes',
      fires: 'the dispute clocks now due fire',
      fired: { disputesProcessed: 'Disputes whose clocks fired' },
      afterMove: async () => ({ disputesProcessed: await d.drainClocks() }),
    }),
  ];
}
