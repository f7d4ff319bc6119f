import { CompressionTypes } from 'kafkajs';

/**
 * What may be tuned on the publisher's producer, and what may not: an
 * idempotent kafkajs producer needs acks=all (kafkajs refuses anything else)
 * and one request in flight (kafkajs 2.2.4 advances a partition's sequence
 * number only when a request returns, so a second request in flight would
 * reuse it and the broker would refuse it as out of order). See
 * docs/adr/0034-relay-lease-token-and-producer-tuning.md for the figures.
 */
export interface ProducerTuning {
  /** 'gzip' is the one codec kafkajs carries without a native module. Default: none. */
  compression?: 'none' | 'gzip';
  /** Records per produce request; a larger publish is sent as several, in order. Default: one request. */
  maxRecordsPerRequest?: number;
}

/** KAFKA_COMPRESSION (none | gzip) and KAFKA_MAX_RECORDS_PER_REQUEST; unset keeps the defaults. */
export function producerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): ProducerTuning {
  const tuning: ProducerTuning = {};
  const compression = env.KAFKA_COMPRESSION || undefined;
  if (compression !== undefined) {
    if (compression !== 'none' && compression !== 'gzip')
      throw new Error(`KAFKA_COMPRESSION must be none or gzip, not ${compression}`);
    tuning.compression = compression;
  }
  const max = env.KAFKA_MAX_RECORDS_PER_REQUEST || undefined;
  if (max !== undefined) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`KAFKA_MAX_RECORDS_PER_REQUEST must be a positive integer, not ${max}`);
    tuning.maxRecordsPerRequest = n;
  }
  return tuning;
}

export function kafkajsCompression(t: ProducerTuning): CompressionTypes {
  return t.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
}
