import {
  backoffDelay,
  ConcurrencyError,
  isTransient,
  PoisonMessageError,
  problems,
  fromHeaders,
} from '../src';

describe('error classification for consumers', () => {
  it('retries infrastructure trouble and write conflicts forever', () => {
    expect(isTransient(new ConcurrencyError('a', 1))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { name: 'MongoNetworkError' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(
      isTransient(
        new Error('wrapped', { cause: Object.assign(new Error('y'), { name: 'KafkaJSConnectionError' }) }),
      ),
    ).toBe(true);
  });
  it('treats Mongo write-concern timeouts, a cleared pool, a primary stepping down and a locked store as transient', () => {
    const server = (code: number, name = 'MongoServerError') => Object.assign(new Error('x'), { name, code });
    expect(isTransient(server(64))).toBe(true); // WriteConcernFailed (wtimeout)
    expect(isTransient(server(10107))).toBe(true); // NotWritablePrimary
    expect(isTransient(server(189))).toBe(true); // PrimarySteppedDown
    expect(isTransient(Object.assign(new Error('pool cleared'), { name: 'MongoPoolClearedError' }))).toBe(
      true,
    );
    expect(isTransient(Object.assign(new Error('x'), { errorLabels: ['RetryableWriteError'] }))).toBe(true);
    expect(isTransient(new Error('sqlite: database is locked (5) (SQLITE_BUSY)'))).toBe(true);
    expect(isTransient(server(11000))).toBe(false); // a duplicate key is an answer, not trouble
    expect(isTransient(server(2))).toBe(false); // BadValue
  });
  it('judges a kafkajs wrapper by what it wraps: a TypeError stays a bug, a lost connection stays transient', () => {
    const wrap = (cause: Error) =>
      Object.assign(new Error('wrapped'), { name: 'KafkaJSNonRetriableError', retriable: false, cause });
    expect(isTransient(wrap(new TypeError('cannot read properties of undefined')))).toBe(false);
    expect(isTransient(wrap(Object.assign(new Error('down'), { name: 'KafkaJSConnectionError' })))).toBe(
      true,
    );
    expect(isTransient(Object.assign(new Error('wrapped'), { name: 'KafkaJSNonRetriableError' }))).toBe(
      false,
    );
  });
  it('does not call bugs or poison transient', () => {
    expect(isTransient(new TypeError('undefined is not a function'))).toBe(false);
    expect(isTransient(new PoisonMessageError('bad'))).toBe(false);
    expect(() => fromHeaders({}, null)).toThrow(/ce_/);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const d = backoffDelay(attempt, 100, 5000);
      const ceiling = Math.min(5000, 100 * 2 ** (attempt - 1));
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    }
  });
});

describe('problem details', () => {
  it('uses stable types and the right statuses', () => {
    expect(problems.validation('x').problem).toMatchObject({
      status: 422,
      type: 'https://cardline.dev/problems/validation',
    });
    expect(problems.notFound('x').problem.status).toBe(404);
    expect(problems.conflict('x').problem.status).toBe(409);
    expect(problems.unauthorized('x').problem.status).toBe(401);
    expect(problems.forbidden('x').problem.status).toBe(403);
  });
});
