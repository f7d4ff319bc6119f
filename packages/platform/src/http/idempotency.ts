import { createHash } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { NextFunction, Request, Response } from 'express';
import { problems } from './problem';

interface StoredResponse {
  _id: string;
  requestHash: string;
  state: 'in-progress' | 'done';
  status?: number;
  body?: string;
  contentType?: string;
  createdAt: Date;
  /** After this the key is free again; a sweep deletes the record (the Mongo-wire server has no TTL index). */
  expiresAt: Date;
}

export interface IdempotencyOptions {
  /** How long a stored response answers retries (default 24 h). */
  ttlMs?: number;
  /** An in-progress record older than this belongs to a request that died (default 60 s). */
  staleMs?: number;
  /** Expired records are deleted at most this often, by the request that notices (default 60 s). */
  sweepEveryMs?: number;
}

const HOUR = 3_600_000;

/**
 * Idempotency-Key for commands: the first request with a key runs and its
 * response is stored; a retry with the same key and body gets the stored
 * response; the same key with another body is a 422. Keys are scoped per
 * service route and caller (principal), and expire after `ttlMs`. A
 * concurrent duplicate sees 409 until the first finishes. Taking over a key
 * (its record expired, or its request died) is a conditional update on the
 * record as it was read, so two retries cannot both take it over.
 */
export function idempotency(collection: mongo.Collection<StoredResponse>, o: IdempotencyOptions = {}) {
  const ttlMs = o.ttlMs ?? 24 * HOUR;
  const staleMs = o.staleMs ?? 60_000;
  const sweepEveryMs = o.sweepEveryMs ?? 60_000;
  let lastSweep = 0;
  const sweep = (now: Date) => {
    if (now.getTime() - lastSweep < sweepEveryMs) return;
    lastSweep = now.getTime();
    collection.deleteMany({ expiresAt: { $lt: now } }).catch(() => undefined);
  };
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = req.header('idempotency-key');
    if (!key) return next();
    if (key.length > 200) return next(problems.validation('Idempotency-Key longer than 200 characters'));
    const principal = req.principal?.subject ?? 'anonymous';
    const id = `${req.method} ${req.baseUrl}${req.path}|${principal}|${key}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(req.body ?? null))
      .digest('hex');
    const now = new Date();
    sweep(now);
    const fresh = {
      requestHash,
      state: 'in-progress' as const,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await collection.insertOne({ _id: id, ...fresh });
        break;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) return next(err);
      }
      const prior = await collection.findOne({ _id: id });
      // Deleted between our insert and read (the sweep took an expired record): insert again.
      if (!prior) {
        if (attempt < 3) continue;
        return next(problems.inProgress('retry shortly'));
      }
      // Records from before expiry existed carry no expiresAt: they expire ttlMs after they were made.
      const expiresAt = prior.expiresAt ?? new Date(prior.createdAt.getTime() + ttlMs);
      const expired = expiresAt.getTime() <= now.getTime();
      if (!expired) {
        if (prior.requestHash !== requestHash)
          return next(problems.idempotencyMismatch(`key ${key} was used with a different body`));
        if (prior.state === 'done') {
          res.status(prior.status ?? 200).setHeader('idempotent-replayed', 'true');
          if (prior.contentType) res.type(prior.contentType);
          res.send(prior.body ?? '');
          return;
        }
        // A request that died mid-way must not hold its key forever.
        if (now.getTime() - prior.createdAt.getTime() < staleMs)
          return next(problems.inProgress(`a request with key ${key} is in progress`));
      }
      // Take the key over only if the record is still the one we read.
      const taken = await collection.updateOne(
        { _id: id, state: prior.state, createdAt: prior.createdAt },
        { $set: fresh, $unset: { status: '', body: '', contentType: '' } },
      );
      if (taken.modifiedCount === 1) break;
      // Changed since we read it (another retry took it, or the sweep removed it): look again.
      if (attempt >= 3) return next(problems.inProgress(`a request with key ${key} is in progress`));
    }
    // Capture the response body to store it when the handler finishes.
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const text =
        typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : JSON.stringify(body);
      const status = res.statusCode;
      // Server errors are not final: let the client retry with the same key. Only
      // the record this request holds (its createdAt) is changed: a retry may have
      // taken the key over meanwhile.
      const mine = { _id: id, createdAt: fresh.createdAt };
      const store =
        status >= 500
          ? collection.deleteOne(mine)
          : collection.updateOne(mine, {
              $set: {
                state: 'done',
                status,
                body: text,
                contentType: String(res.getHeader('content-type') ?? ''),
              },
            });
      // Answer only once the outcome is stored, so a retry right after sees it.
      store
        .catch((e: unknown) => req.log?.warn({ err: e }, 'could not store idempotent response'))
        .finally(() => send(body as never));
      return res;
    };
    next();
  };
}

export type { StoredResponse as IdempotencyRecord };
