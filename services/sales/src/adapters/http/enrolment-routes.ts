import { reply, route, type AnyRouteDef, type Clock, type Role } from '@cardline/platform';
import type { EnrolmentService } from '../../application/enrolment-service';
import type { ConsentRecord, ConversionConsent } from '../../domain/consent';
import type { StandingView } from '../mongo/standing-view';
import {
  CancelBody,
  ConsentRecordsQuery,
  ConversionBody,
  CustomerIdParams,
  EnrolBody,
  EnrolmentIdParams,
  FactsBody,
  OffersQuery,
} from './enrolment-schemas';
import {
  ConsentRecordSchema,
  ConsentRecordsSchema,
  EnrolmentSchema,
  FactsSchema,
  OfferSheetSchema,
} from './enrolment-responses';
import { consentRecordView, enrolmentView, factsView, offerSheetView } from './enrolment-views';

/** The use cases the add-on routes call. */
export type Enrolments = Pick<
  EnrolmentService,
  'offers' | 'enrol' | 'require' | 'agreeToConversion' | 'cancel' | 'forCustomer'
>;

export interface EnrolmentRouteDeps {
  enrolments: Enrolments;
  facts: Pick<StandingView, 'recordFacts'>;
  clock: Clock;
}

// Who may do what (docs/adr/0020-sales-enrolments-service.md): the floor sells,
// compliance (with supervisors and admins) reads the proof of each sale.
const WORK: Role[] = ['sales_agent', 'underwriter', 'supervisor', 'admin'];
const PROOF: Role[] = ['compliance', 'supervisor', 'admin'];

const TAG = ['sales'];
const byEnrolment = { params: EnrolmentIdParams } as const;
const ms = (at: string | null) => (at === null ? null : Date.parse(at));

type ConversionIn = {
  expressAgreementAt: string | null;
  accountLast4: string | null;
  recordingRef: string | null;
};
const conversion = (c: ConversionIn): ConversionConsent => ({
  ...c,
  expressAgreementAt: ms(c.expressAgreementAt),
});

export function enrolmentRoutes(d: EnrolmentRouteDeps): AnyRouteDef[] {
  const view = reply('The enrolment', EnrolmentSchema);
  return [
    route({
      method: 'get',
      path: '/v1/customers/:customerId/offers',
      summary:
        'The add-ons this customer may be offered now on an account, with the script each requires; every excluded one with each rule that excludes it',
      roles: WORK,
      tags: TAG,
      params: CustomerIdParams,
      query: OffersQuery,
      responses: {
        200: reply('The offers and the exclusions', OfferSheetSchema),
        404: 'The customer has no such account in sales’ read models',
        409: 'The account has no card yet (the customer confirms its last four digits)',
      },
      handle: async ({ params, query, actor, ctx }) => ({
        status: 200,
        body: offerSheetView(await d.enrolments.offers(params.customerId, query.accountId, actor, ctx)),
      }),
    }),
    route({
      method: 'put',
      path: '/v1/customers/:customerId/facts',
      summary:
        'Record what no event carries yet: marketing consent, do-not-call, a hardship programme, the stated employment status',
      roles: WORK,
      tags: TAG,
      params: CustomerIdParams,
      body: FactsBody,
      responses: { 200: reply('The facts on file', FactsSchema) },
      handle: async ({ params, body, actor }) => ({
        status: 200,
        body: factsView(await d.facts.recordFacts(params.customerId, body, actor, d.clock.now().getTime())),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/enrolments',
      summary:
        'Enrol an eligible customer under the terms offered, with a complete consent record; a free trial starts, or the first fee falls due',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      body: EnrolBody,
      responses: {
        201: view,
        404: 'The customer has no such account in sales’ read models',
        409: 'The customer is not eligible (`failing` names every rule), or the account has no card yet',
        422: 'The consent record is incomplete (`missing` names every element), or the terms are unknown or not in effect',
      },
      handle: async ({ body, actor, ctx }) => {
        const c = body.consent;
        const consent: ConsentRecord = {
          ...c,
          expressYesAt: ms(c.expressYesAt),
          sensitivePiConsentAt: ms(c.sensitivePiConsentAt),
          conversion: c.conversion && conversion(c.conversion),
        };
        const r = await d.enrolments.enrol({ ...body, consent }, actor, ctx);
        const id = r.enrolment.enrolmentId;
        return { status: 201, body: enrolmentView(r), location: `/v1/enrolments/${id}` };
      },
    }),
    route({
      method: 'get',
      path: '/v1/enrolments/:enrolmentId',
      summary: 'An enrolment: status, trial, fees fallen due, cancellation and refund',
      roles: WORK,
      tags: TAG,
      ...byEnrolment,
      responses: { 200: view, 404: 'No such enrolment' },
      handle: async ({ params }) => ({
        status: 200,
        body: enrolmentView(await d.enrolments.require(params.enrolmentId)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/enrolments/:enrolmentId/conversion-agreement',
      summary:
        'The customer’s express agreement, during the trial, that it becomes paid on the account ending as confirmed',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byEnrolment,
      body: ConversionBody,
      responses: {
        200: view,
        404: 'No such enrolment',
        409: 'The enrolment is not in its trial (currentStatus names its status)',
        422: 'The agreement is incomplete (`missing` names every element)',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: enrolmentView(
          await d.enrolments.agreeToConversion(params.enrolmentId, conversion(body), actor, ctx),
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/enrolments/:enrolmentId/cancel',
      summary:
        'Cancel at any time: within cooling-off every fee is refunded, after it the unused part of the month (a ledger credit)',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byEnrolment,
      body: CancelBody,
      responses: {
        200: view,
        404: 'No such enrolment',
        409: 'The enrolment has lapsed or is cancelled (currentStatus names its status)',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: enrolmentView(await d.enrolments.cancel(params.enrolmentId, body.reason, actor, ctx)),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/enrolments/:enrolmentId/consent-record',
      summary:
        'The proof of the sale: what was shown and said, the express yes, channel, script, recording, rules passed',
      roles: PROOF,
      tags: TAG,
      ...byEnrolment,
      responses: { 200: reply('The consent record', ConsentRecordSchema), 404: 'No such enrolment' },
      handle: async ({ params }) => ({
        status: 200,
        body: consentRecordView(await d.enrolments.require(params.enrolmentId)),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/consent-records',
      summary: 'A customer’s consent records, newest first (at most 200)',
      roles: PROOF,
      tags: TAG,
      query: ConsentRecordsQuery,
      responses: { 200: reply('The consent records (empty when none)', ConsentRecordsSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: (await d.enrolments.forCustomer(query.customerId)).map(consentRecordView) },
      }),
    }),
  ];
}
