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

/** One service of services.json: how `npm start` runs it, how the gateway reaches it, the topics it owns. */
export interface ServiceDeclaration {
  /** Its folder under services/, its SERVICE_NAME and its metric job. */
  name: string;
  /** One line for the readiness banner of `npm start`. */
  description: string;
  /** Its port under `npm start` (in containers every service listens on 8080). */
  port: number;
  /** The gateway's path prefix for it (`/ledger`) and the setting that holds its URL (`LEDGER_URL`). */
  gateway: { prefix: string; urlEnv: string };
  /** Topics it owns, as topics.json says: its event streams, and command channels others write to it. */
  topics: { events: string[]; commands: string[] };
  /** Settings `npm start` adds for it (timer poll intervals). */
  startEnv: Record<string, string>;
}
