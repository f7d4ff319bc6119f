import { z } from 'zod';
import { SimulatedClock, type Clock } from '../runtime/clock';
import { problems } from './problem';
import { reply, route, type AnyRouteDef } from './route-table';

export const MoveClockBody = z
  .object({
    to: z.string().datetime({ offset: true }).optional(),
    advanceDays: z.number().int().min(0).max(3650).optional(),
    advanceHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 3650)
      .optional(),
  })
  .strict()
  .refine((b) => [b.to, b.advanceDays, b.advanceHours].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of to, advanceDays, advanceHours',
  });

const now = z.string().datetime().describe('The service clock');

const ClockSchema = z.object({ now, simulated: z.boolean() }).strict().openapi('Clock');

/**
 * GET/POST /v1/admin/clock for a service run with CLOCK=simulated: read the
 * clock, move it forward, then let the service fire what came due (its
 * durable timers) and report what it did (`fired`: each count by name, with
 * its description). Admin only.
 */
export function clockRoutes(
  clock: Clock,
  o: {
    service: string;
    fires: string;
    fired: Record<string, string>;
    afterMove: () => Promise<Record<string, number>>;
  },
): AnyRouteDef[] {
  const counts = Object.fromEntries(
    Object.entries(o.fired).map(([name, what]) => [name, z.number().int().min(0).describe(what)]),
  );
  // Typed by what every service's counts have in common; the document names each.
  const Moved: z.ZodType<Record<string, string | number>> = z
    .object({ now, ...counts })
    .strict()
    .openapi('ClockMoved');
  return [
    route({
      method: 'get',
      path: '/v1/admin/clock',
      summary: `The ${o.service} clock`,
      roles: ['admin'],
      tags: ['admin'],
      responses: { 200: reply('The time now, and whether it is simulated', ClockSchema) },
      handle: async () => ({
        status: 200,
        body: { now: clock.now().toISOString(), simulated: clock instanceof SimulatedClock },
      }),
    }),
    route({
      method: 'post',
      path: '/v1/admin/clock',
      summary: `Move the simulated clock (CLOCK=simulated only); ${o.fires}`,
      roles: ['admin'],
      tags: ['admin'],
      body: MoveClockBody,
      responses: {
        200: reply('The new time and what fired', Moved),
        409: 'The service runs on the system clock',
      },
      handle: async ({ body }) => {
        if (!(clock instanceof SimulatedClock))
          throw problems.conflict(
            `the ${o.service} service runs on the system clock; start it with CLOCK=simulated`,
          );
        const hours = (body.advanceDays ?? 0) * 24 + (body.advanceHours ?? 0);
        const to = body.to ? new Date(body.to) : new Date(clock.now().getTime() + hours * 3_600_000);
        try {
          clock.set(to);
        } catch (err) {
          throw problems.validation((err as Error).message);
        }
        return { status: 200, body: { now: clock.now().toISOString(), ...(await o.afterMove()) } };
      },
    }),
  ];
}
