import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { CaseService } from '../../application/case-service';
import { MIN_PHONE_DIGITS } from '../../application/phone-fingerprint';

extendZodWithOpenApi(z);

// Finding the customer on the line is every floor role's first step.
const WORK: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];

export const CustomerSearchBody = z
  .object({
    phone: z
      .string()
      .max(40)
      .regex(/^\+?[\d\s().-]+$/, 'digits, spaces, brackets, dots and dashes, an optional leading +')
      .refine((v) => (v.match(/\d/g) ?? []).length >= MIN_PHONE_DIGITS, `at least ${MIN_PHONE_DIGITS} digits`)
      .describe('The number the customer calls or texts from, in any common format'),
  })
  .strict()
  .openapi('CustomerSearch');

const MatchSchema = z
  .object({
    customerId: z.string(),
    caseIds: z.array(z.string()).describe('The cases holding the number on file, newest first'),
  })
  .strict()
  .openapi('CustomerMatch');

export const CustomerMatchesSchema = z.object({ items: z.array(MatchSchema) }).strict();

/**
 * Customer search by phone (docs/architecture.md, "Customer search"): a POST,
 * so the number travels in the body and not in a URL that access logs and
 * proxies keep; compared by its keyed fingerprint, never stored or logged.
 * The audit trail records the customers it answered (docs/adr/0024-audit-trail.md).
 */
export function customerSearchRoute(d: { cases: CaseService }): AnyRouteDef {
  return route({
    method: 'post',
    path: '/v1/customers/search',
    summary:
      'Find customers by the phone number on file on their cases (compared by a keyed fingerprint; the number is neither kept nor logged)',
    roles: WORK,
    tags: ['customers'],
    body: CustomerSearchBody,
    responses: {
      200: reply('The customers with that number on file (empty when none)', CustomerMatchesSchema),
      422: 'Not a phone number (fewer than 7 digits, or letters)',
    },
    handle: async ({ body }) => ({
      status: 200,
      body: { items: await d.cases.customersByPhone(body.phone) },
    }),
  });
}
