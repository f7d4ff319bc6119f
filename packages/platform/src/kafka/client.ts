import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * The one place that knows kafkajs. Services get producers/consumers from
 * here so the client library stays swappable behind the platform's
 * publisher and consumer runner.
 */
export function createKafka(opts: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  const log = opts.logger.child({ component: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: opts.clientId,
    brokers: opts.brokers,
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
  return new Kafka(config);
}
