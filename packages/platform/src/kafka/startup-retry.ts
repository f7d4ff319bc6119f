import type { Logger } from 'pino';
import { backoffDelay, sleep } from '../runtime/backoff';

/**
 * Broker answers that mean "not yet" rather than "no". A freshly formatted
 * or restarting cluster answers these while it loads `__consumer_offsets`,
 * elects partition leaders or hosts a topic another client just created.
 */
const NOT_YET = new Set([
  'NOT_COORDINATOR',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_CONTROLLER',
  'REQUEST_TIMED_OUT',
  'REBALANCE_IN_PROGRESS',
]);

/**
 * True when a Kafka client error, or any error it wraps, is retriable: the
 * protocol marks it so, or it is a connection or timeout failure. kafkajs
 * wraps the last retriable error in a non-retriable
 * `KafkaJSNumberOfRetriesExceeded`, so the whole cause chain is read.
 */
export function isRetriableKafkaError(err: unknown): boolean {
  for (
    let e = err as KafkaLikeError | undefined, depth = 0;
    e && depth < 8;
    e = e.cause ?? e.originalError, depth++
  ) {
    if (typeof e !== 'object') return false;
    if (e.retriable === true) return true;
    if (e.type !== undefined && NOT_YET.has(e.type)) return true;
    if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSRequestTimeoutError') return true;
    if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT') return true;
  }
  return false;
}

interface KafkaLikeError {
  name?: string;
  type?: string;
  code?: string;
  retriable?: boolean;
  cause?: KafkaLikeError;
  originalError?: KafkaLikeError;
}

export class KafkaStartupError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'KafkaStartupError';
  }
}

export interface StartupRetryOptions {
  logger: Logger;
  /** What is being attempted, for the log and the final error ("consumer group x: fetch offsets"). */
  what: string;
  /** Give up after this long in all (default 120 s: a loading broker takes seconds, not minutes). */
  deadlineMs?: number;
  initialMs?: number;
  maxMs?: number;
}

/**
 * Runs a start-up call (admin session, offset fetch and seek, topic
 * creation, producer connect) until it succeeds, retrying retriable Kafka
 * errors with backoff up to a deadline. Other errors fail at once; running
 * out of time fails with a message naming the step and the last error.
 */
export async function retryKafkaStartup<T>(fn: () => Promise<T>, o: StartupRetryOptions): Promise<T> {
  const deadlineMs = o.deadlineMs ?? 120_000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetriableKafkaError(err)) throw err;
      const delay = backoffDelay(attempt, o.initialMs ?? 250, o.maxMs ?? 5000);
      const elapsed = Date.now() - started;
      if (elapsed + delay > deadlineMs)
        throw new KafkaStartupError(
          `${o.what}: Kafka still not ready after ${Math.round(elapsed / 1000)} s and ${attempt} attempts ` +
            `(last error: ${(err as Error).message})`,
          { cause: err },
        );
      o.logger.warn(
        { err, what: o.what, attempt, retryInMs: delay },
        'Kafka not ready at start-up; retrying',
      );
      await sleep(delay);
    }
  }
}
