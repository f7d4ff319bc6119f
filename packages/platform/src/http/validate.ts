import type { Request } from 'express';
import type { ZodType, ZodTypeDef } from 'zod';
import { fromZod } from './problem';

/** Parses req.body/query/params with a zod schema or throws a 422 problem. */
export function parse<T>(
  schema: ZodType<T, ZodTypeDef, unknown>,
  req: Request,
  where: 'body' | 'query' | 'params' = 'body',
): T {
  const r = schema.safeParse(req[where]);
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}
