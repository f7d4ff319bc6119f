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
}

const IN_PROGRESS_STALE_MS = 60000;

/**
 * Idempotency-Key for commands: the first request with a key runs and its
 * response is stored; a retry with the same key and body gets the stored
 * response; the same key with another body is a 422. Keys are scoped per
 * service route and caller. A concurrent duplicate sees 409 until the first
 * finishes.
 */
export function idempotency(collection: mongo.Collection<StoredResponse>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = req.header('idempotency-key');
    if (!key) return next();
    if (key.length > 200) return next(problems.validation('Idempotency-Key longer than 200 characters'));
    const principal = req.principal?.subject ?? 'anonymous';
    const id = `${req.method} ${req.baseUrl}${req.path}|${principal}|${key}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(req.body ?? null))
      .digest('hex');
    try {
      await collection.insertOne({ _id: id, requestHash, state: 'in-progress', createdAt: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) return next(err);
      const prior = await collection.findOne({ _id: id });
      if (!prior) return next(problems.inProgress('retry shortly'));
      if (prior.requestHash !== requestHash)
        return next(problems.idempotencyMismatch(`key ${key} was used with a different body`));
      if (prior.state === 'done') {
        res.status(prior.status ?? 200).setHeader('idempotent-replayed', 'true');
        if (prior.contentType) res.type(prior.contentType);
        res.send(prior.body ?? '');
        return;
      }
      // A request that died mid-way must not hold its key forever.
      if (Date.now() - prior.createdAt.getTime() < IN_PROGRESS_STALE_MS)
        return next(problems.inProgress(`a request with key ${key} is in progress`));
      await collection.updateOne({ _id: id }, { $set: { createdAt: new Date() } });
    }
    // Capture the response body to store it when the handler finishes.
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const text =
        typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : JSON.stringify(body);
      const status = res.statusCode;
      // Server errors are not final: let the client retry with the same key.
      const store =
        status >= 500
          ? collection.deleteOne({ _id: id })
          : collection.updateOne(
              { _id: id },
              {
                $set: {
                  state: 'done',
                  status,
                  body: text,
                  contentType: String(res.getHeader('content-type') ?? ''),
                },
              },
            );
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
