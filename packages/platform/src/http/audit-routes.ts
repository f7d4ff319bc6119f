import { z } from 'zod';
import { ROLES } from './auth';
import { problems } from './problem';
import type { AuditTrail } from './audit-trail';
import { reply, route, type AnyRouteDef } from './route-table';

const AuditQuerySchema = z
  .object({
    customerId: z.string().min(1).max(200).optional(),
    subject: z.string().min(1).max(200).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const AuditRecordSchema = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    service: z.string(),
    subject: z.string(),
    roles: z.array(z.enum(ROLES)),
    actingRole: z
      .enum(ROLES)
      .nullable()
      .describe('The role the route let the caller act in; null when refused'),
    method: z.string(),
    route: z.string().describe('The route template, e.g. /v1/accounts/:accountId'),
    resource: z.record(z.string()).describe('Path parameters and query ids of the request'),
    customerIds: z.array(z.string()).describe('Customers the request named or its answer carried'),
    status: z.number().int(),
    correlationId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .strict()
  .openapi('AuditRecord');

const AuditPage = z
  .object({ items: z.array(AuditRecordSchema) })
  .strict()
  .openapi('AuditRecords');

/**
 * GET /v1/audit: who read or changed a customer's data in this service, or
 * what one person did, newest first. Supervisors, compliance and admins
 * (docs/architecture.md#audit-trail); the query itself is audited too.
 */
export function auditRoutes(trail: AuditTrail, service: string): AnyRouteDef[] {
  return [
    route({
      method: 'get',
      path: '/v1/audit',
      summary: `Who read or changed which customer's data in ${service}`,
      roles: ['supervisor', 'compliance', 'admin'],
      tags: ['audit'],
      query: AuditQuerySchema,
      // 422 (every route with a query has it): neither customerId nor subject, or a bad date.
      responses: { 200: reply('The matching audit records, newest first', AuditPage) },
      handle: async ({ query }) => {
        if (query.customerId === undefined && query.subject === undefined)
          throw problems.validation('give customerId or subject');
        const found = await trail.find(query);
        return {
          status: 200,
          body: {
            items: found.map(({ _id, at, expiresAt: _kept, ...r }) => ({
              id: _id,
              at: at.toISOString(),
              ...r,
            })),
          },
        };
      },
    }),
  ];
}
