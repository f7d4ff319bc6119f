/**
 * @cardline/schemas: the event contracts every service shares. Names are
 * derived from the .avsc paths by scripts/generate.js; this module only adds
 * lookups over the generated data.
 */
import { catalog } from './generated/catalog';
import { topics } from './generated/topics';
import type { CatalogEntry, TopicDeclaration } from './model';
import type { EventType } from './generated/types';

export * from './model';
export * from './generated/types';
export * from './product-terms';
export { PAYMENT_REVERSAL, paidTowardMinimum } from './payments';
export { catalog } from './generated/catalog';
export { consumerGroups } from './generated/topics';
export { services } from './generated/services';

const writersOf = new Map(topics.map((t) => [t.name, t.writers]));

/**
 * Catalog entries by event type, e.g. `ledger.transaction.posted.v1`, each
 * with the services allowed to publish its topic (consumers check ce_source
 * against them: docs/adr/0029-kafka-principals-acls.md).
 */
export const eventTypes: ReadonlyMap<string, CatalogEntry<EventType> & { writers: readonly string[] }> =
  new Map(catalog.map((e) => [e.type, { ...e, writers: writersOf.get(e.topic) ?? [] }]));

/** The catalog entry of an event type, or undefined when it is not one of ours. */
export function findEventType(type: string): CatalogEntry<EventType> | undefined {
  return eventTypes.get(type);
}

/** Every topic to create: declared topics with defaults applied, plus every DLQ; sorted by name. */
export function topicDeclarations(): TopicDeclaration[] {
  return topics.map((t) => ({ ...t, writers: [...t.writers], ...(t.source && { source: { ...t.source } }) }));
}

/** Dead-letter topic of one consumer group on one topic (same rule as the platform's consumer runner). */
export function dlqTopicName(topic: string, group: string): string {
  return `${topic}.dlq.${group}`;
}

/** Registry subject under TopicRecordNameStrategy. */
export function subjectFor(topic: string, recordName: string): string {
  return `${topic}-${recordName}`;
}
