import { z } from 'zod';
import type { ConfigCheck } from './profile';
import { sandboxProblems } from './sandbox';

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
  // SCRAM-SHA-512 principal: each service its own (docs/adr/0029-kafka-principals-acls.md).
  KAFKA_SASL_USERNAME: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  KAFKA_SASL_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  MONGO_URL: z.string().min(1),
  MONGO_DB: z.string().optional(),
  SCHEMA_REGISTRY_URL: z.string().url(),
  // Empty means unset (compose files and shells often pass VAR= to turn a feature off).
  ZIPKIN_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** The prefix of the Kafka passwords committed for the compose stack's local profile. */
export const DEVELOPMENT_KAFKA_PASSWORD_PREFIX = 'cardline-dev-';

/**
 * Kafka without a principal, or with a committed development password, only
 * in the local profile (docs/adr/0029-kafka-principals-acls.md); a name
 * without a password is refused anywhere.
 */
export function kafkaConfigProblems(c: {
  CARDLINE_PROFILE?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}): string[] {
  if (c.KAFKA_SASL_USERNAME && !c.KAFKA_SASL_PASSWORD)
    return ['KAFKA_SASL_PASSWORD: KAFKA_SASL_USERNAME is set without a password'];
  const profile = c.CARDLINE_PROFILE ?? 'local';
  if (profile === 'local') return [];
  if (!c.KAFKA_SASL_USERNAME)
    return [
      `KAFKA_SASL_USERNAME: CARDLINE_PROFILE=${profile} needs a Kafka principal (no unauthenticated Kafka)`,
    ];
  if (c.KAFKA_SASL_PASSWORD?.startsWith(DEVELOPMENT_KAFKA_PASSWORD_PREFIX))
    return [
      `KAFKA_SASL_PASSWORD is a committed development password; CARDLINE_PROFILE=${profile} needs a real one`,
    ];
  return [];
}

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
  const refused = [
    ...kafkaConfigProblems(r.data as Parameters<typeof kafkaConfigProblems>[0]),
    ...sandboxProblems(r.data as Parameters<typeof sandboxProblems>[0]),
    ...checks.flatMap((check) => check(r.data)),
  ];
  if (refused.length > 0) throw new ConfigError(`refused configuration: ${refused.join('; ')}`);
  return r.data;
}
