import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kafkaSaslFromEnv } from '@cardline/platform';

/**
 * Runs one of Kafka's own Java tools (ProducerPerformance, ConsumerPerformance)
 * as the same principal as our clients (docs/adr/0029-kafka-principals-acls.md):
 * `configFlag` names the tool's client-properties option, written to a private
 * file for the run and removed after it, since it holds the password.
 */
export function runKafkaTool(mainClass: string, args: string[], configFlag: string): string {
  const cache = process.env.CARDLINE_CACHE ?? path.join(os.homedir(), '.cache', 'cardline');
  const tools = path.join(cache, `kafka-${process.env.KAFKA_VERSION ?? '4.1.1'}`, 'tools', '*');
  const sasl = kafkaSaslFromEnv();
  let dir: string | null = null;
  const config: string[] = [];
  if (sasl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kafka-'));
    const file = path.join(dir, 'client.properties');
    fs.writeFileSync(
      file,
      [
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${sasl.username}" password="${sasl.password}";`,
      ].join('\n'),
      { mode: 0o600 },
    );
    config.push(configFlag, file);
  }
  try {
    return execFileSync('java', ['-Xmx512m', '-cp', tools, mainClass, ...args, ...config], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
