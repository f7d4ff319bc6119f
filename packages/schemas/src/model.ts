/** Shapes of the generated catalog and topic declarations (see scripts/generate.js). */

/** A field of an Avro record schema, as written in the .avsc file. */
export interface AvroField {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
  [key: string]: unknown;
}

/** A top-level Avro record schema (the parsed .avsc file, self-contained). */
export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  fields: AvroField[];
  [key: string]: unknown;
}

/** One event type: where it goes and how it is encoded. Every name is derived from the .avsc path. */
export interface CatalogEntry<T extends string = string> {
  /** `<context>.<aggregate>.<event>.v<major>`, e.g. `ledger.transaction.posted.v1`. */
  type: T;
  /** `<context>.<aggregate>`: one topic per aggregate type. */
  topic: string;
  /** Avro full name, `cardline.<context>.<aggregate>.<Event>V<major>`. */
  recordName: string;
  /** Registry subject (TopicRecordNameStrategy): `<topic>-<recordName>`. */
  subject: string;
  schema: AvroRecordSchema;
}

export interface TopicDeclaration {
  name: string;
  /** `events`: an aggregate's event stream; `dlq`: dead letters of one consumer group on one topic. */
  kind: 'events' | 'dlq';
  partitions: number;
  retentionMs: number;
  /** Service that owns the topic and its schemas (for a DLQ: the consuming service that writes it). */
  owner: string;
  /** Services that produce to it: `writers` in topics.json, else just the owner. */
  writers: string[];
  description: string;
  /** For a DLQ: the topic and consumer group it collects failures of. */
  source?: { topic: string; group: string };
}

export interface ConsumerGroupDeclaration {
  group: string;
  service: string;
  topics: string[];
  description: string;
}
