import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { ContactService } from '../../application/contact-service';
import { CHANNELS } from '../../domain/contact';
import { CaseIdParams } from './schemas';

extendZodWithOpenApi(z);

const WORK: Role[] = ['collector', 'supervisor', 'admin'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** A query flag is the text "true" or "false": z.coerce.boolean would read "false" as true. */
const flag = (what: string) =>
  z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe(what);

export const VerdictQuery = z
  .object({
    channel: z.enum(CHANNELS).optional().describe('The one channel to ask about; every channel when absent'),
    party: z.enum(['DEBTOR', 'GUARANTOR', 'THIRD_PARTY']).default('DEBTOR'),
    autodialled: flag('Placed by an autodialler or with a prerecorded voice'),
    hasOptOut: flag('The message would carry a way to opt out (SMS, email)'),
    carriesValidationNotice: flag('The contact would be the validation notice'),
  })
  .strict();

const VerdictSchema = z
  .object({
    channel: z.string(),
    allowed: z.boolean(),
    ruleIds: z.array(z.string()).describe('Allowed: every rule that applied; refused: the rule that refuses'),
    reason: z.string().nullable(),
    nextAllowedAt: z
      .string()
      .datetime()
      .nullable()
      .describe('Refused: when the same attempt is next allowed, null when only a change of facts allows it'),
  })
  .strict()
  .openapi('ContactVerdict');

export const VerdictsSchema = z
  .object({
    caseId: z.string(),
    accountId: z.string(),
    customerId: z.string().nullable().describe('Named so the audit trail records whose case was asked about'),
    market: z.string(),
    timeZone: z.string().describe('The debtor’s zone the hours are counted in'),
    at: z.string().datetime().describe('The gate’s now (its clock; simulated in tests)'),
    items: z.array(VerdictSchema),
  })
  .strict()
  .openapi('ContactVerdicts');

/**
 * The gate asked without an attempt: the live verdict the console shows per
 * channel (docs/adr/0028-agent-console.md). A read: nothing is decided,
 * saved or logged, so the collector still asks with POST …/contacts before
 * dialling, and that is the decision the log keeps.
 */
export function verdictRoute(d: { contacts: ContactService }): AnyRouteDef {
  return route({
    method: 'get',
    path: '/v1/cases/:caseId/contact-verdict',
    summary:
      'May we contact now, on which channel? The contact gate’s answer per channel with the rule and the next allowed time; nothing is recorded',
    roles: WORK,
    tags: ['collections'],
    params: CaseIdParams,
    query: VerdictQuery,
    responses: {
      200: reply('The verdict per channel asked (allowed or refused, with its rule)', VerdictsSchema),
      404: 'No such case',
      409: 'The case is closed (currentStatus names it)',
    },
    handle: async ({ params, query, actor }) => {
      const { channel, ...question } = query;
      const { state, at, verdicts } = await d.contacts.verdicts(params.caseId, {
        question,
        channels: channel ? [channel] : CHANNELS,
        actor,
      });
      return {
        status: 200,
        body: {
          caseId: state.caseId,
          accountId: state.accountId,
          customerId: state.customerId,
          market: state.market,
          timeZone: state.contactFacts.timeZone ?? state.timeZone,
          at: new Date(at).toISOString(),
          items: verdicts.map((v) => ({ ...v, nextAllowedAt: iso(v.nextAllowedAt) })),
        },
      };
    },
  });
}
