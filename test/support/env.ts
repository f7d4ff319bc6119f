import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Addresses of the real servers, exported by scripts/jest/global-setup.js. */
export function serverEnv() {
  const { KAFKA_BROKERS, MONGO_URL, SCHEMA_REGISTRY_URL } = process.env;
  if (!KAFKA_BROKERS || !MONGO_URL || !SCHEMA_REGISTRY_URL)
    throw new Error(
      'integration tests need KAFKA_BROKERS, MONGO_URL and SCHEMA_REGISTRY_URL (set by the jest global setup)',
    );
  // The admin principal where Kafka authenticates (docs/adr/0029-kafka-principals-acls.md).
  const { KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD } = process.env;
  return {
    KAFKA_BROKERS,
    ...(KAFKA_SASL_USERNAME && { KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD ?? '' }),
    MONGO_URL,
    SCHEMA_REGISTRY_URL,
    mode: process.env.CARDLINE_SERVERS_MODE ?? 'env',
  };
}

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

const serversSh = path.resolve(__dirname, '..', '..', 'infra', 'local', 'servers.sh');

/** Stops or starts one local server process (only where the tests started the local servers). */
export function localServer(action: 'up' | 'down', name: 'kafka' | 'mongo' | 'registry' | 'zipkin'): void {
  execFileSync('bash', [serversSh, action, name], { stdio: 'inherit' });
}

export async function eventually<T>(
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const end = Date.now() + (opts.timeoutMs ?? 30000);
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out waiting for ${opts.what ?? 'condition'}: ${(last as Error)?.message ?? last}`,
      );
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}

/**
 * The Kafka principal a service process runs as: its own where the servers
 * gave one (KAFKA_PASSWORD_<SERVICE>), else the tests' admin, else none
 * (a plaintext broker). docs/adr/0029-kafka-principals-acls.md.
 */
export function kafkaPrincipalOf(service: string): Record<string, string> {
  const own = process.env[`KAFKA_PASSWORD_${service.toUpperCase()}`];
  if (own) return { KAFKA_SASL_USERNAME: service, KAFKA_SASL_PASSWORD: own };
  const { KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD } = process.env;
  return KAFKA_SASL_USERNAME ? { KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD ?? '' } : {};
}
