import { z } from 'zod';
import type { ConfigCheck } from './profile';

/** Settings every service reads from the environment. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  MONGO_URL: z.string().min(1),
  MONGO_DB: z.string().optional(),
  SCHEMA_REGISTRY_URL: z.string().url(),
  // Empty means unset (compose files and shells often pass VAR= to turn a feature off).
  ZIPKIN_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses env with the base schema extended by the service's own; fails fast
 * with every problem listed, the schema's and those of `checks` (settings the
 * profile refuses, see profile.ts).
 */
export function loadConfig<E extends z.ZodRawShape>(
  extra: E,
  env: NodeJS.ProcessEnv = process.env,
  checks: ConfigCheck<z.infer<ReturnType<typeof baseConfigSchema.extend<E>>>>[] = [],
) {
  const schema = baseConfigSchema.extend(extra);
  const r = schema.safeParse(env);
  if (!r.success) {
    throw new ConfigError(
      `invalid configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const refused = checks.flatMap((check) => check(r.data));
  if (refused.length > 0) throw new ConfigError(`refused configuration: ${refused.join('; ')}`);
  return r.data;
}
