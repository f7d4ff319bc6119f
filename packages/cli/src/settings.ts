import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { kafkaSaslFromEnv, type KafkaSasl } from '@cardline/platform';

/**
 * Where the servers are: KAFKA_BROKERS (with the KAFKA_SASL_* principal) and
 * SCHEMA_REGISTRY_URL, else the local servers of infra/local (their admin principal).
 */
export interface Settings {
  brokers: string[];
  sasl: KafkaSasl | null;
  registryUrl: string;
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  let local: Record<string, string> | null = null;
  const localEnv = (): Record<string, string> =>
    (local ??= Object.fromEntries(
      execFileSync('bash', [path.resolve(__dirname, '../../../infra/local/servers.sh'), 'env'], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ));
  const fromLocal = (name: string): string => {
    const v = localEnv()[name];
    if (!v) throw new Error(`${name} not set and infra/local/servers.sh env does not print it`);
    return v;
  };
  // The principal goes with the brokers it is for.
  const kafkaEnv = env.KAFKA_BROKERS ? env : localEnv();
  return {
    brokers: (env.KAFKA_BROKERS ?? fromLocal('KAFKA_BROKERS')).split(',').map((b) => b.trim()),
    sasl: kafkaSaslFromEnv(kafkaEnv),
    registryUrl: env.SCHEMA_REGISTRY_URL ?? fromLocal('SCHEMA_REGISTRY_URL'),
  };
}
