/**
 * Thrown by a handler for a message that can never be processed (invalid
 * content, impossible reference): it goes to the DLQ at once, no retries.
 */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

const TRANSIENT_NAMES = new Set([
  'ConcurrencyError',
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNonRetriableError',
  'RegistryUnavailableError',
]);

/**
 * Infrastructure trouble (database or broker down, write conflict): retry
 * for as long as it takes, since the message itself is fine.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: unknown; retriable?: boolean };
  if (!e || typeof e !== 'object') return false;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT') return true;
  if (e.name === 'TypeError' && String((e as Error).message).includes('fetch failed')) return true;
  return e.cause !== undefined && e.cause !== err && isTransient(e.cause);
}
