import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { CustomerNames } from '../../application/customer-names';

extendZodWithOpenApi(z);

// Finding the customer on the line is every floor role's first step; the answer names no one, only ids.
const FLOOR: Role[] = [
  'agent',
  'supervisor',
  'dispute_analyst',
  'collector',
  'sales_agent',
  'underwriter',
  'admin',
];

export const NameSearchBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(2)
      .max(200)
      // A refinement, not a pattern: \p{L} is not a regex every OpenAPI client's engine reads.
      .refine((v) => /\p{L}/u.test(v), 'a name has letters')
      .describe('The customer’s name as they give it; every word must be in the name on their application'),
  })
  .strict()
  .openapi('CustomerNameSearch');

const NameMatchSchema = z
  .object({
    customerId: z.string(),
    market: z.string(),
    accountIds: z.array(z.string()).describe('The accounts their applications opened (none before approval)'),
  })
  .strict()
  .openapi('CustomerNameMatch');

export const NameMatchesSchema = z.object({ items: z.array(NameMatchSchema) }).strict();

/**
 * Customer search by name (docs/architecture.md, "Customer search"): a POST,
 * so the name stays out of URLs and access logs; compared by keyed hashes of
 * its words, the name itself sealed with the applicant's personal data. The
 * answer carries ids only, and the audit trail records the customers it named
 * (docs/adr/0024-audit-trail.md).
 */
export function customerSearchRoute(d: { names: Pick<CustomerNames, 'find'> }): AnyRouteDef {
  return route({
    method: 'post',
    path: '/v1/customers/search',
    summary:
      'Find customers by the name on their card application (every word given; case, accents and punctuation ignored)',
    roles: FLOOR,
    tags: ['sales'],
    body: NameSearchBody,
    responses: {
      200: reply('The customers whose name holds every word (empty when none)', NameMatchesSchema),
      422: 'Not a name (under two characters, or no letter)',
    },
    handle: async ({ body }) => ({ status: 200, body: { items: await d.names.find(body.name) } }),
  });
}
