import { z } from 'zod';
import { ConfigError, authConfigProblems, authConfigShape } from '@cardline/platform';
import { upstreamsSchema, type Upstream } from './upstreams';

export const gatewayConfigSchema = z.object({
  ...authConfigShape,
  SERVICE_NAME: z.string().default('gateway'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Requests per principal per minute, per gateway instance. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Largest request body: bytes, or with a kb/mb suffix. */
  BODY_LIMIT: z
    .string()
    .default('256kb')
    .transform((v, ctx) => {
      const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(v.trim());
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a size such as 262144, 256kb or 1mb' });
        return z.NEVER;
      }
      const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b'];
      return Number(m[1]) * unit;
    }),
});

/** The settings above, plus every declared service with its URL (LEDGER_URL, CARDS_URL …). */
export type GatewayConfig = z.infer<typeof gatewayConfigSchema> & { upstreams: Upstream[] };

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => {
  const settings = gatewayConfigSchema.safeParse(env);
  const upstreams = upstreamsSchema.safeParse(env);
  if (!settings.success || !upstreams.success) {
    const issues = [settings, upstreams].flatMap((r) => (r.success ? [] : r.error.issues));
    throw new Error(
      `invalid configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const refused = authConfigProblems(settings.data);
  if (refused.length > 0) throw new ConfigError(`refused configuration: ${refused.join('; ')}`);
  return { ...settings.data, upstreams: upstreams.data };
};
