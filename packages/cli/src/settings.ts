import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Where the servers are: KAFKA_BROKERS and SCHEMA_REGISTRY_URL, else the local servers of infra/local. */
export interface Settings {
  brokers: string[];
  registryUrl: string;
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  let local: Record<string, string> | null = null;
  const fromLocal = (name: string): string => {
    local ??= Object.fromEntries(
      execFileSync('bash', [path.resolve(__dirname, '../../../infra/local/servers.sh'), 'env'], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const v = local[name];
    if (!v) throw new Error(`${name} not set and infra/local/servers.sh env does not print it`);
    return v;
  };
  return {
    brokers: (env.KAFKA_BROKERS ?? fromLocal('KAFKA_BROKERS')).split(',').map((b) => b.trim()),
    registryUrl: env.SCHEMA_REGISTRY_URL ?? fromLocal('SCHEMA_REGISTRY_URL'),
  };
}
