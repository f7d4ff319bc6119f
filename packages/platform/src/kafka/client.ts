import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { useCardlineRecordEncoder } from './kafkajs-record-swap';

/** A principal's SCRAM-SHA-512 credentials (docs/adr/0029-kafka-principals-acls.md). */
export interface KafkaSasl {
  username: string;
  password: string;
}

/**
 * KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, or null for a plaintext broker
 * (a throwaway test cluster). A name without a password is a mistake, not plaintext.
 */
export function kafkaSaslFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSasl | null {
  const username = env.KAFKA_SASL_USERNAME || undefined;
  const password = env.KAFKA_SASL_PASSWORD || undefined;
  if (!username) return null;
  if (!password) throw new Error('KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not');
  return { username, password };
}

/** kafkajs settings for a principal: spread into a `new Kafka({...})`. */
export function kafkaAuth(sasl: KafkaSasl | null = kafkaSaslFromEnv()): Pick<KafkaConfig, 'sasl'> {
  return sasl ? { sasl: { mechanism: 'scram-sha-512', ...sasl } } : {};
}

/**
 * The one place that knows kafkajs. Services get producers/consumers from
 * here so the client library stays swappable behind the platform's
 * publisher and consumer runner.
 *
 * `sasl` defaults to the environment's (kafkaSaslFromEnv); null connects
 * without authentication.
 */
export function createKafka(opts: {
  clientId: string;
  brokers: string[];
  logger: Logger;
  sasl?: KafkaSasl | null;
}): Kafka {
  const log = opts.logger.child({ component: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: opts.clientId,
    brokers: opts.brokers,
    ...kafkaAuth(opts.sasl === undefined ? kafkaSaslFromEnv() : opts.sasl),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...rest } = entry.log;
      const level =
        entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      log[level]({ ...rest, namespace: entry.namespace }, message);
    },
  };
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const records = useCardlineRecordEncoder();
  if (records.encoder !== 'cardline')
    log.warn(records, 'kafkajs encodes records itself: the publisher is slower');
  return new Kafka(config);
}
