import { z, type ZodTypeAny } from 'zod';
import {
  clockRoutes,
  domainProblem,
  DomainError,
  problems,
  reply,
  route,
  type Actor,
  type AnyRouteDef,
  type Clock,
  type EventContext,
  type Principal,
  type Role,
} from '@cardline/platform';
import type { CaseService } from '../../application/case-service';
import type { MessageDeliveries } from '../../application/ports';
import type { TriageService } from '../../application/triage-service';
import type { CaseState } from '../../domain/case';
import { QUESTIONS, answer } from '../../domain/answers';
import { parseContactRef, resolveContactRef } from '../../domain/contacts';
import type { Channel } from '../../domain/sla';
import type { AccountFactsView } from '../mongo/account-facts';
import { BadCursorError, type TimelineView } from '../mongo/timeline';
import {
  AnswersQuery,
  CaseIdParams,
  ChannelParams,
  ContactChangeBody,
  ContactRefParams,
  CsatBody,
  CsatReportQuery,
  CustomerParams,
  EscalateBody,
  InboundMessageBody,
  JournalQuery,
  ListQuery,
  MergeBody,
  NoteBody,
  OpenCaseBody,
  ReplyBody,
  ReviewSuggestionBody,
  StatusBody,
  TimelineQuery,
  TriageBody,
  TriageReportQuery,
} from './schemas';
import {
  AnswersSchema,
  CaseSchema,
  CasesSchema,
  ContactSchema,
  CsatReceiptSchema,
  CsatReportSchema,
  HistoryPageSchema,
  MessageReceiptSchema,
  InteractionPageSchema,
  TimelinePageSchema,
  TriageReportSchema,
} from './responses';
import { caseSummaryView, caseView, historyPageView, interactionPageView } from './views';
import { customerSearchRoute } from './search-route';

export interface RouteDeps {
  cases: CaseService;
  /** Inbound messages go through triage (docs/adr/0022-ticketing-triage.md). */
  triage: TriageService;
  facts: AccountFactsView;
  timeline: TimelineView;
  /** The delivery reports of replies and surveys, shown on their interactions. */
  deliveries: MessageDeliveries;
  clock: Clock;
  /** Fires the SLA clocks now due (after the simulated clock moves). */
  drainClocks: () => Promise<number>;
}

// The floor works cases; supervisors and admins may do everything; channel adapters only post what customers send.
const WORK: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];
const SUPERVISE: Role[] = ['supervisor', 'admin'];
const CHANNEL: Role[] = ['channel_adapter', 'admin'];
const TAG = ['cases'];

/**
 * A channel adapter acts on the one channel its token names (Principal.channel,
 * docs/adr/0023-least-privilege-operations.md); an admin on any.
 */
export function requireOwnChannel(principal: Principal, actor: Actor, channel: string): void {
  if (actor.role !== 'channel_adapter') return;
  if (!principal.channel)
    throw problems.forbidden('a channel adapter’s token must name its channel (the `channel` claim)');
  if (principal.channel !== channel)
    throw problems.forbidden(`this token is for the ${principal.channel} channel, not ${channel}`);
}

export function toProblem(err: unknown): unknown {
  if (err instanceof BadCursorError) return problems.validation(err.message);
  return err instanceof DomainError ? domainProblem(err.code, err.message) : err;
}

/** The delivery reports of the outbound messages among these interactions. */
function deliveriesOf(d: RouteDeps, interactions: readonly { interactionId: string; kind: string }[]) {
  return d.deliveries.of(
    interactions.filter((i) => i.kind === 'OUTBOUND' || i.kind === 'SURVEY').map((i) => i.interactionId),
  );
}

/** A command on one case: POST /v1/cases/:caseId/<verb>, answered with the case. */
function act<B extends ZodTypeAny>(
  d: RouteDeps,
  verb: string,
  summary: string,
  roles: Role[],
  body: B,
  run: (id: string, body: z.infer<B>, actor: Actor, ctx: EventContext) => Promise<CaseState>,
): AnyRouteDef {
  return route({
    method: 'post',
    path: `/v1/cases/:caseId/${verb}`,
    summary,
    roles,
    tags: TAG,
    idempotent: true,
    params: CaseIdParams,
    body,
    responses: {
      200: reply('The case', CaseSchema),
      404: 'No such case',
      409: 'Not allowed in the case’s current status',
    },
    handle: async ({ params, body: b, actor, ctx }) => {
      const s = await run(params.caseId, b, actor, ctx);
      return { status: 200, body: caseView(s, null, await deliveriesOf(d, s.interactions)) };
    },
  });
}

export function ticketingRoutes(d: RouteDeps): AnyRouteDef[] {
  const c = d.cases;
  return [
    route({
      method: 'post',
      path: '/v1/cases',
      summary: 'Open a case (an agent logging a call opens a PHONE case: the first reply is the call itself)',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      body: OpenCaseBody,
      responses: { 201: reply('The case with its SLA clocks', CaseSchema) },
      handle: async ({ body, actor, ctx }) => {
        const s = await c.open(body, actor, ctx);
        return { status: 201, body: caseView(s, null), location: `/v1/cases/${s.caseId}` };
      },
    }),
    route({
      method: 'post',
      path: '/v1/channels/:channel/messages',
      summary:
        'An inbound customer message from a channel adapter: threaded into the customer’s case that still takes messages, or a new case',
      roles: CHANNEL,
      tags: ['channels'],
      idempotent: true,
      params: ChannelParams,
      body: InboundMessageBody,
      responses: {
        200: reply('Threaded into an existing case: ids and status only', MessageReceiptSchema),
        201: reply('Opened a new case: ids and status only', MessageReceiptSchema),
        403: 'The adapter’s token is for another channel',
      },
      handle: async ({ params, body, principal, actor, ctx }) => {
        requireOwnChannel(principal, actor, params.channel);
        const r = await d.triage.receive({ ...body, channel: params.channel }, actor, ctx);
        return {
          status: r.threaded ? 200 : 201,
          body: {
            caseId: r.state.caseId,
            interactionId: r.interactionId,
            status: r.state.status,
            threaded: r.threaded,
          },
          location: `/v1/cases/${r.state.caseId}`,
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/cases',
      summary: 'Cases by customer, queue, status, assignee or level, newest first',
      roles: WORK,
      tags: TAG,
      query: ListQuery,
      responses: { 200: reply('Cases, without their interactions and history', CasesSchema) },
      handle: async ({ query }) => {
        const { limit, ...filter } = query;
        const items = await c.list(filter, limit);
        return { status: 200, body: { items: items.map(caseSummaryView) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/cases/:caseId',
      summary:
        'A case: its newest interactions and history, SLA clocks, and what its calls caused in other services (by correlation id)',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      responses: { 200: reply('The case', CaseSchema), 404: 'No such case' },
      handle: async ({ params }) => {
        const s = await c.require(params.caseId);
        const [related, deliveries] = await Promise.all([
          d.timeline.correlated(s.correlationIds),
          deliveriesOf(d, s.interactions),
        ]);
        return { status: 200, body: caseView(s, related, deliveries) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/cases/:caseId/interactions',
      summary: 'Every interaction of the case, oldest first, paginated',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      query: JournalQuery,
      responses: { 200: reply('A page of interactions', InteractionPageSchema), 404: 'No such case' },
      handle: async ({ params, query }) => {
        const page = await c.interactions(params.caseId, query.after, query.limit);
        const deliveries = await deliveriesOf(
          d,
          page.items.map((n) => n.entry),
        );
        return { status: 200, body: interactionPageView(page, deliveries) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/cases/:caseId/history',
      summary: 'Every history entry of the case, oldest first, paginated',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      query: JournalQuery,
      responses: { 200: reply('A page of history entries', HistoryPageSchema), 404: 'No such case' },
      handle: async ({ params, query }) => ({
        status: 200,
        body: historyPageView(await c.history(params.caseId, query.after, query.limit)),
      }),
    }),
    act(
      d,
      'replies',
      'Reply to the customer on a channel (goes out through the channel outbox)',
      WORK,
      ReplyBody,
      (id, b, actor, ctx) => c.reply(id, b, actor, ctx),
    ),
    act(
      d,
      'notes',
      'Log a call note (answers the customer) or an internal note',
      WORK,
      NoteBody,
      (id, b, actor, ctx) => c.note(id, { note: b.kind, body: b.body }, actor, ctx),
    ),
    act(
      d,
      'status',
      'Move the case: open, pending (waiting on the customer: SLA clocks pause), solved (sends the CSAT survey), closed',
      WORK,
      StatusBody,
      (id, b, actor, ctx) => c.changeStatus(id, { ...b, actor }, ctx),
    ),
    act(d, 'triage', 'Set queue, assignee, priority, topic or tags', WORK, TriageBody, (id, b, actor, ctx) =>
      c.triage(id, { ...b, actor }, ctx),
    ),
    act(
      d,
      'escalate',
      'Escalate to the next level (tier 2, then supervisor)',
      WORK,
      EscalateBody,
      (id, b, actor, ctx) => c.escalate(id, { ...b, actor }, ctx),
    ),
    act(
      d,
      'merge',
      'Merge this duplicate into another case of the same customer (its interactions are carried over; it closes)',
      WORK,
      MergeBody,
      (id, b, actor, ctx) => c.merge(id, b.intoCaseId, actor, ctx),
    ),
    act(
      d,
      'contact-change',
      'Confirm or reject the reply address a customer’s message came from when it differs from the one on file (replies keep going to the one on file until then)',
      WORK,
      ContactChangeBody,
      (id, b, actor, ctx) => c.decideContactChange(id, { ...b, actor }, ctx),
    ),
    act(
      d,
      'suggestion-reviews',
      'Accept, edit or reject the suggestion triage made for an inbound message',
      WORK,
      ReviewSuggestionBody,
      (id, b, actor, ctx) => d.triage.review(id, b, actor, ctx),
    ),
    route({
      method: 'get',
      path: '/v1/reports/triage',
      summary: 'Triage suggestions per intent and how many agents accepted, edited or rejected',
      roles: SUPERVISE,
      tags: ['reports'],
      query: TriageReportQuery,
      responses: { 200: reply('One row per intent with suggestions', TriageReportSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await c.triageReport(query.since ? Date.parse(query.since) : null) },
      }),
    }),
    route({
      method: 'get',
      path: '/v1/contacts/:contactRef',
      summary:
        'Where a queued message goes: the address a message-queued event’s contact reference stands for, for the adapter of its channel (docs/adr/0029-kafka-principals-acls.md)',
      roles: CHANNEL,
      tags: ['channels'],
      params: ContactRefParams,
      responses: {
        200: reply('The address on file for the channel', ContactSchema),
        403: 'Another channel’s adapter',
        404: 'No such case, or no address on file for the channel',
      },
      handle: async ({ params, principal, actor }) => {
        const ref = parseContactRef(params.contactRef);
        if (!ref) throw problems.validation('not a contact reference');
        requireOwnChannel(principal, actor, ref.channel);
        const address = resolveContactRef(await c.require(ref.caseId), ref.channel as Channel);
        if (!address) throw problems.notFound('no address on file for this contact reference');
        return {
          status: 200,
          body: { contactRef: params.contactRef, channel: ref.channel as Channel, address },
        };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/csat',
      summary:
        'Record the customer’s answer to the satisfaction survey: by the adapter of the channel the survey went out on, or a person (the IVR’s answer) who neither solved nor holds the case',
      roles: [...CHANNEL, 'agent'],
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: CsatBody,
      responses: {
        200: reply('Recorded: ids and status only', CsatReceiptSchema),
        403: 'Another channel’s adapter, or the agent who solved or holds the case',
        404: 'No such case',
        409: 'Not solved yet, or already answered',
      },
      handle: async ({ params, body, principal, actor, ctx }) => {
        const via = actor.role === 'channel_adapter' ? (principal.channel ?? null) : null;
        const s = await c.recordCsat(params.caseId, { ...body, via }, actor, ctx);
        return { status: 200, body: { caseId: s.caseId, status: s.status } };
      },
    }),
    customerSearchRoute(d),
    route({
      method: 'get',
      path: '/v1/customers/:customerId/timeline',
      summary:
        'The customer-360 timeline: everything that happened to the customer across services, newest first, paginated',
      roles: WORK,
      tags: ['customers'],
      params: CustomerParams,
      query: TimelineQuery,
      responses: {
        200: reply(
          'A page of entries and the cursor of the next page (null on the last)',
          TimelinePageSchema,
        ),
      },
      handle: async ({ params, query }) => {
        const accounts = await d.facts.accountIdsOf(params.customerId);
        const page = await d.timeline.page(params.customerId, accounts, query.limit, query.cursor);
        const items = page.items.map((i) => ({ ...i, at: new Date(i.at).toISOString() }));
        return { status: 200, body: { items, next: page.next } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/customers/:customerId/answers',
      summary: 'Answers to balance, minimum due, due date, APR and fee questions, per account',
      roles: WORK,
      tags: ['customers'],
      params: CustomerParams,
      query: AnswersQuery,
      responses: {
        200: reply('Answers per account', AnswersSchema),
        404: 'No account known for the customer',
      },
      handle: async ({ params, query }) => {
        const ids = (await d.facts.accountIdsOf(params.customerId)).filter(
          (a) => !query.accountId || a === query.accountId,
        );
        const accounts = (await Promise.all(ids.map((a) => d.facts.facts(a)))).filter((a) => a !== null);
        if (!accounts.length) throw problems.notFound(`no account known for customer ${params.customerId}`);
        const questions = query.question ? [query.question] : QUESTIONS;
        return {
          status: 200,
          body: {
            items: accounts.map((a) => ({
              accountId: a.accountId,
              productCode: a.productCode,
              asOf: a.asOf ? new Date(a.asOf).toISOString() : null,
              answers: questions.map((q) => answer(q, a)),
            })),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/reports/csat',
      summary: 'CSAT results per agent, queue or channel',
      roles: SUPERVISE,
      tags: ['reports'],
      query: CsatReportQuery,
      responses: { 200: reply('One row per agent, queue or channel', CsatReportSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: {
          by: query.by,
          items: await c.csatReport(query.by, query.since ? Date.parse(query.since) : null),
        },
      }),
    }),
    ...clockRoutes(d.clock, {
      service: 'ticketing',
      fires: 'then fires the SLA clocks and auto-closes now due',
      fired: { fired: 'SLA firings and auto-closes' },
      afterMove: async () => ({ fired: await d.drainClocks() }),
    }),
  ];
}
