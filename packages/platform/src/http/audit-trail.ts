import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../observability/logger';
import { ensureIndexes } from '../mongo/indexes';
import type { Principal, Role } from './auth';

/**
 * One request to a service's API by an authenticated caller: who (subject,
 * roles, the role the route let them act in), what (method, route template,
 * the ids in its path and query), whose data (the customer ids the answer
 * named), the outcome and the correlation id. Written for reads as well as
 * changes, and for refusals (403), so every look at a customer's data is
 * attributable (docs/architecture.md#audit-trail).
 */
export interface AuditRecord {
  _id: string;
  at: Date;
  service: string;
  subject: string;
  roles: Role[];
  actingRole: Role | null;
  method: string;
  route: string;
  /** Path parameters and the query's `…Id` fields: accountId, caseId, customerId… */
  resource: Record<string, string>;
  /** Customers whose data the answer carried or the request named (at most MAX_CUSTOMERS). */
  customerIds: string[];
  status: number;
  correlationId: string | null;
  requestId: string | null;
  /** Kept until then (at least two years); a sweep deletes older records. */
  expiresAt: Date;
}

export interface AuditQuery {
  customerId?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export interface AuditTrailOptions {
  service: string;
  logger: Logger;
  /** Retention; refused below 730 days (two years). */
  retentionDays?: number;
  /** Buffered records are written at least this often. */
  flushEveryMs?: number;
  now?: () => Date;
}

export const MIN_AUDIT_RETENTION_DAYS = 730;
const MAX_CUSTOMERS = 50;
const MAX_BUFFERED = 20_000;
/** Documents per insert: well inside the socket timeout on the embedded server. */
const WRITE_CHUNK = 500;
const DAY = 86_400_000;

/**
 * The service's audit trail in its own store (`audit_trail`). Records are
 * buffered and written in bulk every `flushEveryMs` (and on stop), so a read
 * costs no extra round trip; a crash loses at most that interval's records,
 * which the access log (with the principal) still has. A failed write keeps
 * the records for the next flush.
 */
export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastSweep = 0;
  private droppedSinceLog = 0;
  private readonly retentionMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly collection: mongo.Collection<AuditRecord>,
    private readonly o: AuditTrailOptions,
  ) {
    const days = o.retentionDays ?? MIN_AUDIT_RETENTION_DAYS + 1;
    if (days < MIN_AUDIT_RETENTION_DAYS)
      throw new Error(`audit retention ${days} days is under the ${MIN_AUDIT_RETENTION_DAYS} days required`);
    this.retentionMs = days * DAY;
    this.now = o.now ?? (() => new Date());
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { customerIds: 1, at: -1 }, name: 'by_customer' },
      { key: { subject: 1, at: -1 }, name: 'by_subject' },
      { key: { at: -1 }, name: 'by_time' },
    ]);
  }

  start(): void {
    // A tick while a write is still out is skipped: during a store outage the writes do not pile up.
    this.timer ??= setInterval(() => {
      if (!this.flushing) void this.flush();
    }, this.o.flushEveryMs ?? 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  record(r: Omit<AuditRecord, '_id' | 'expiresAt' | 'service'>): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      // One line per thousand dropped, not one per request, while the store is away.
      if (this.droppedSinceLog++ % 1000 === 0)
        this.o.logger.error({ dropped: this.droppedSinceLog }, 'audit buffer full; records dropped');
      return;
    }
    this.buffer.push({
      _id: randomUUID(),
      service: this.o.service,
      expiresAt: new Date(r.at.getTime() + this.retentionMs),
      ...r,
    });
  }

  /** Writes what is buffered, in chunks; a call while a write is out waits for it and then writes the rest. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, WRITE_CHUNK);
      try {
        await this.collection.insertMany(batch, { ordered: false });
      } catch (err) {
        const unwritten = notWritten(batch, err);
        this.buffer = [...unwritten, ...this.buffer];
        this.o.logger.warn(
          { err, pending: this.buffer.length },
          'audit write failed; kept for the next flush',
        );
        return;
      }
    }
    await this.sweep();
  }

  async find(q: AuditQuery): Promise<AuditRecord[]> {
    const filter: mongo.Filter<AuditRecord> = {};
    if (q.customerId) filter.customerIds = q.customerId;
    if (q.subject) filter.subject = q.subject;
    if (q.from || q.to) filter.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
    return this.collection.find(filter).sort({ at: -1 }).limit(q.limit).toArray();
  }

  /**
   * The Mongo-wire server has no TTL index: at most daily, delete what is
   * older than the retention in force now (by `at`, which `by_time` serves).
   */
  private async sweep(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.lastSweep < DAY) return;
    this.lastSweep = now.getTime();
    await this.collection
      .deleteMany({ at: { $lt: new Date(now.getTime() - this.retentionMs) } })
      .catch(() => undefined);
  }
}

/**
 * What of a batch did not land. Only a server's per-document errors tell: a
 * duplicate id (E11000) landed earlier, a reply lost on the way; any other
 * failure (store down, socket timeout) names no document, and then nothing
 * is known to be written, so everything is kept. A duplicate on the retry
 * is dropped as written.
 */
export function notWritten(batch: AuditRecord[], err: unknown): AuditRecord[] {
  const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
  const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (errors.length === 0) return batch;
  const failed = new Set(errors.filter((e) => e.code !== 11000).map((e) => e.index));
  return batch.filter((_r, i) => failed.has(i));
}

/** The customer ids an answer names: its own `customerId`, or its items'. */
export function customersIn(body: unknown): string[] {
  const found = new Set<string>();
  const take = (v: unknown) => {
    if (found.size < MAX_CUSTOMERS && v && typeof v === 'object') {
      const id = (v as { customerId?: unknown }).customerId;
      if (typeof id === 'string') found.add(id);
    }
  };
  take(body);
  const items = body && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
  if (Array.isArray(items)) for (const item of items) take(item);
  return [...found];
}

/** The ids a request names: path parameters and query fields ending in `Id`. */
export function resourceOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.params ?? {})) if (typeof v === 'string') out[k] = v;
  // Only plain names: a caller's `?a.bId=` or `?$xId=` must not become a field the store refuses.
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (/^[A-Za-z][A-Za-z0-9]{0,40}Id$/.test(k) && typeof v === 'string') out[k] = v.slice(0, 200);
  return out;
}

/**
 * Express middleware for one route: on finish, one audit record for an
 * authenticated caller. The handler leaves the customers it answered about
 * in `res.locals.auditCustomers`.
 */
export function auditRequests(trail: AuditTrail, route: string, actingRole: (p: Principal) => Role | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Now, while the route's params are set: express restores them when an error leaves the route.
    const resource = resourceOf(req);
    // 'close' comes for a finished answer and for a caller who went away before it: both are recorded.
    res.once('close', () => {
      const p = req.principal;
      if (!p) return;
      const status = res.writableFinished ? res.statusCode : 499;
      const named = resource.customerId ? [resource.customerId] : [];
      const answered = (res.locals.auditCustomers as string[] | undefined) ?? [];
      trail.record({
        at: new Date(),
        subject: p.subject,
        roles: p.roles,
        actingRole: status === 403 ? null : actingRole(p),
        method: req.method,
        route,
        resource,
        customerIds: [...new Set([...named, ...answered])].slice(0, MAX_CUSTOMERS),
        status,
        correlationId: req.header('x-correlation-id')?.slice(0, 200) ?? null,
        requestId: (req as Request & { id?: string }).id ?? null,
      });
    });
    next();
  };
}
