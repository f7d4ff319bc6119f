import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { kafkaAuth } from '@cardline/platform';
import { unique } from './env';
import { stopAfterFile } from './teardown';

export interface Collected {
  topic: string;
  partition: number;
  message: KafkaMessage;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning with a throwaway group and keeps every
 * record, so tests can assert on exactly what was published.
 */
export class TopicCollector {
  readonly records: Collected[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string[],
    private readonly topics: string[],
  ) {
    stopAfterFile(this, `collector of ${topics.join(', ')}`);
  }

  async start(): Promise<this> {
    const kafka = new Kafka({
      clientId: unique('collector'),
      brokers: this.brokers,
      ...kafkaAuth(),
      logLevel: logLevel.NOTHING,
    });
    this.consumer = kafka.consumer({ groupId: unique('collector'), maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) =>
      this.consumer?.on(this.consumer.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          headers[k] = String(Array.isArray(v) ? v[0] : v);
        this.records.push({ topic, partition, message, headers });
      },
    });
    await joined;
    return this;
  }

  where(pred: (r: Collected) => boolean): Collected[] {
    return this.records.filter(pred);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
