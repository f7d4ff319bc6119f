import { DomainError, HttpProblem, reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { ContactService } from '../../application/contact-service';
import type { WorklistService } from '../../application/worklist-service';
import {
  AttemptIdParams,
  CaseIdParams,
  ContactFactsBody,
  ContactOutcomeBody,
  ContactRequestBody,
  DecisionsQuery,
} from './schemas';
import {
  CaseFactsSchema,
  ContactRecordSchema,
  DecisionSchema,
  DecisionsSchema,
  WorkItemSchema,
  WorklistSchema,
} from './responses';
import { contactRecordView, decidedView, decisionView, factsView, workItemView } from './views';
import { verdictRoute } from './verdict-route';

export interface ContactRouteDeps {
  contacts: ContactService;
  worklist: WorklistService;
}

const WORK: Role[] = ['collector', 'supervisor', 'admin'];
// Facts that stop or allow contact are recorded by those who work the case or watch it.
const FACTS: Role[] = WORK;
// The decision log is compliance's to read (docs/domain.md#privacy-and-security).
const AUDIT: Role[] = ['compliance', 'supervisor', 'admin'];
const TAG = ['collections'];

/** A refusal is still a recorded decision: 409 names the rule and when the same attempt is next allowed. */
function refused(d: ReturnType<typeof decidedView>): HttpProblem {
  return new HttpProblem({
    type: 'https://cardline.dev/problems/contact-refused',
    title: 'The contact gate refused the attempt',
    status: 409,
    detail: d.reason ?? `refused by ${d.ruleIds[0]}`,
    attemptId: d.attemptId,
    ruleId: d.ruleIds[0],
    nextAllowedAt: d.nextAllowedAt,
  });
}

export function contactRoutes(d: ContactRouteDeps): AnyRouteDef[] {
  return [
    route({
      method: 'post',
      path: '/v1/cases/:caseId/contact-facts',
      summary:
        'Record what the contact gate must know: cease request, attorney, do-not-contact channels, autodial consent, validation notice, time zone',
      roles: FACTS,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: ContactFactsBody,
      responses: {
        200: reply('The facts after the change (one event when anything changed)', CaseFactsSchema),
        404: 'No such case',
        409: 'The case is closed',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { validationNoticeSentAt, ...rest } = body;
        const { state } = await d.contacts.recordFacts(
          params.caseId,
          {
            ...rest,
            ...(validationNoticeSentAt !== undefined && {
              validationNoticeSentAt:
                validationNoticeSentAt === null ? null : Date.parse(validationNoticeSentAt),
            }),
          },
          actor,
          ctx,
        );
        return { status: 200, body: factsView(state) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/contacts',
      summary:
        'Ask the contact gate about one outbound attempt; the decision, allowed or refused, is recorded with its rule id',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: ContactRequestBody,
      responses: {
        201: reply('Allowed: make the attempt, then record its outcome', DecisionSchema),
        404: 'No such case',
        409: 'Refused by the gate (ruleId, nextAllowedAt; the refusal is in the decision log), or the case is closed',
        422: 'The message holds threatening, insulting or deceptive language (category); nothing is recorded',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { contactRef, message, ...attempt } = body;
        const { decision } = await d.contacts.requestContact(
          params.caseId,
          { attempt, contactRef: contactRef ?? null, message: message ?? null, actor },
          ctx,
        );
        const view = decidedView(decision);
        if (!view.allowed) throw refused(view);
        return {
          status: 201,
          body: view,
          location: `/v1/cases/${params.caseId}/contacts/${view.attemptId}`,
        };
      },
    }),
    verdictRoute(d),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/contacts/:attemptId/outcome',
      summary:
        'Record the outcome of an allowed attempt: the contact record, append-only, kept two years or more',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: AttemptIdParams,
      body: ContactOutcomeBody,
      responses: {
        201: reply('The contact record', ContactRecordSchema),
        404: 'No such case, or no allowed attempt of that id awaits an outcome',
        422: 'The note holds threatening, insulting or deceptive language (category); nothing is recorded',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { events } = await d.contacts.recordOutcome(
          params.caseId,
          params.attemptId,
          { outcome: body.outcome, recordingRef: body.recordingRef ?? null, note: body.note ?? null, actor },
          ctx,
        );
        const made = events.find((e) => e.type === 'collections.case.contact-attempted.v1');
        if (!made) throw new DomainError('NOT_FOUND', `attempt ${params.attemptId} recorded nothing`);
        return { status: 201, body: contactRecordView(made.payload) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/decisions',
      summary:
        'The contact gate’s decision log, oldest first (at most 1,000), by account and time (from ≤ t < to)',
      roles: AUDIT,
      tags: TAG,
      query: DecisionsQuery,
      responses: { 200: reply('The decisions (empty when none match)', DecisionsSchema) },
      handle: async ({ query }) => {
        const items = await d.contacts.decisions({
          ...(query.accountId && { accountId: query.accountId }),
          ...(query.from && { from: new Date(query.from) }),
          ...(query.to && { to: new Date(query.to) }),
        });
        return { status: 200, body: { items: items.map(decisionView) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/worklist',
      summary:
        'The work queue: open cases no promise suppresses, by bucket, collectable amount, broken promises and time since the last contact',
      roles: WORK,
      tags: TAG,
      responses: { 200: reply('The queue in order (at most 200)', WorklistSchema) },
      handle: async () => ({ status: 200, body: { items: (await d.worklist.list()).map(workItemView) } }),
    }),
    route({
      method: 'post',
      path: '/v1/worklist/claim',
      summary:
        'Claim the next case with a lease (your live claim is renewed instead); no two collectors hold one case',
      roles: ['collector'],
      tags: TAG,
      responses: {
        200: reply('The claimed case', WorkItemSchema),
        404: 'No case is free to claim',
      },
      handle: async ({ actor }) => {
        const claimed = await d.worklist.claim(actor.id);
        if (!claimed) throw new DomainError('NOT_FOUND', 'no case is free to claim');
        return { status: 200, body: workItemView(claimed) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/release',
      summary: 'Give a claimed case back to the queue (a supervisor may release any claim)',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      responses: {
        200: reply('The case, claimed by nobody', WorkItemSchema),
        404: 'No such case',
        409: 'The case is not claimed by the caller',
      },
      handle: async ({ params, actor }) => {
        const state = await d.worklist.release(params.caseId, actor.id, actor.role !== 'collector');
        return { status: 200, body: workItemView({ state, claimedBy: null, claimedUntil: null }) };
      },
    }),
  ];
}
