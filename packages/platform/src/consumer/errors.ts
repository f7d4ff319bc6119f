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

/**
 * An event whose ce_source may not publish its topic: forged, or from a
 * service the declaration does not name. Dead-lettered unread
 * (docs/adr/0029-kafka-principals-acls.md).
 */
export class ForbiddenSourceError extends PoisonMessageError {
  constructor(source: string, topic: string, writers: readonly string[]) {
    super(`ce_source ${source} may not publish ${topic} (allowed: ${writers.join(', ')})`);
    this.name = 'ForbiddenSourceError';
  }
}

/** The allow-list check: throws ForbiddenSourceError unless `source` is one of the type's writers. */
export function checkSource(source: string, info: { topic: string; writers?: readonly string[] }): void {
  if (info.writers && !info.writers.includes(source))
    throw new ForbiddenSourceError(source, info.topic, info.writers);
}

/**
 * Thrown by a handler whose message is fine but arrived before something it
 * needs (a fraud report before the read model has the transaction): retried
 * with backoff for up to `maxWaitMs`, then dead-lettered with this reason.
 */
export class NotYetError extends Error {
  constructor(
    message: string,
    readonly maxWaitMs = 10 * 60_000,
  ) {
    super(message);
    this.name = 'NotYetError';
  }
}

const TRANSIENT_NAMES = new Set([
  'ConcurrencyError',
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWriteConcernError',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'RegistryUnavailableError',
  // A batch Kafka acknowledged only in part (events/publisher.ts): send the rest again.
  'UnacknowledgedPartitionsError',
]);

/**
 * Server error codes that say "try again": write-concern timeouts, a primary
 * stepping down or not yet elected, interrupted operations, a busy or locked
 * store. (MongoDB's error codes; FerretDB answers the same codes.)
 */
const TRANSIENT_MONGO_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Wrappers whose verdict is their cause's: kafkajs wraps a TypeError thrown in a handler as "non-retriable". */
const WRAPPERS = new Set(['KafkaJSNonRetriableError', 'KafkaJSNumberOfRetriesExceeded']);

/**
 * Infrastructure trouble (database or broker down, write conflict): retry
 * for as long as it takes, since the message itself is fine.
 */
export function isTransient(err: unknown): boolean {
  const e = err as {
    name?: string;
    code?: string | number;
    cause?: unknown;
    retriable?: boolean;
    errorLabels?: string[];
    errorLabelSet?: Set<string>;
    message?: string;
  };
  if (!e || typeof e !== 'object') return false;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT') return true;
  if (typeof e.code === 'number' && TRANSIENT_MONGO_CODES.has(e.code)) return true;
  const labels = e.errorLabelSet ? [...e.errorLabelSet] : (e.errorLabels ?? []);
  if (labels.includes('RetryableWriteError') || labels.includes('TransientTransactionError')) return true;
  // SQLite under FerretDB: another connection holds the write lock.
  if (/database is locked|SQLITE_BUSY/i.test(String(e.message ?? ''))) return true;
  if (e.name === 'TypeError' && String(e.message).includes('fetch failed')) return true;
  if (e.name?.startsWith('KafkaJS') && !WRAPPERS.has(e.name) && e.retriable === true) return true;
  return e.cause !== undefined && e.cause !== err && isTransient(e.cause);
}
