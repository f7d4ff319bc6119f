import type { EventEnvelope } from '../events/envelope';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
}

export interface EventHandler<P = unknown> {
  (event: EventEnvelope<P>, meta: MessageMeta): Promise<void>;
  /**
   * The same effect for several events at once, in delivery order (one
   * partition's, so ordered per key): a projection stores a consumer batch
   * in one write instead of one per event (docs/architecture.md#inside-a-service).
   * Must be idempotent as the single form is: after a failed batch the
   * runner applies the events one by one, so a poison event is dead-lettered
   * alone.
   */
  batch?: (events: EventEnvelope<P>[]) => Promise<void>;
}

/** A handler that can also apply a consumer batch in one write. */
export function batched<P>(
  one: (event: EventEnvelope<P>, meta: MessageMeta) => Promise<void>,
  many: (events: EventEnvelope<P>[]) => Promise<void>,
): EventHandler<P> {
  const handler: EventHandler<P> = (event, meta) => one(event, meta);
  handler.batch = many;
  return handler;
}

/**
 * A consumer group's handlers, by event type. `M` maps each event type to its
 * payload (a service passes the generated `EventPayloads` of
 * @cardline/schemas, which the platform does not know), so each handler
 * reads its own payload type and a key that is not an event type, or a
 * handler written for another type's payload, fails to compile. Types
 * without a handler are skipped.
 */
export type HandlerMap<M> = {
  [T in keyof M & string]?: EventHandler<M[T]>;
};

/** Without a generated map: any type name, payload unknown (tests, ad-hoc groups). */
export type UntypedEvents = Record<string, unknown>;

/**
 * The handler for a type read off the wire, as the runner calls it. The one
 * place the map's typing is erased: the runner decodes the payload with the
 * catalog schema of this same type, so it is `M[type]`.
 */
export function handlerFor<M>(handlers: HandlerMap<M>, type: string): EventHandler | undefined {
  const byType: Partial<Record<string, EventHandler<never>>> = handlers;
  // Own keys only: a ce_type such as `constructor` names no handler.
  return Object.hasOwn(byType, type) ? (byType[type] as EventHandler) : undefined;
}
