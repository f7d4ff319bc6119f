// Types for contracts.js (plain CommonJS so scripts run without a build).
import type {
  AvroRecordSchema,
  ConsumerGroupDeclaration,
  ServiceDeclaration,
  TopicDeclaration,
} from '../../src/model';

export interface EventTypeNames {
  context: string;
  aggregate: string;
  event: string;
  major: number;
  type: string;
  topic: string;
  recordName: string;
  subject: string;
}

export interface LoadedEventType extends EventTypeNames {
  /** Path relative to the avro directory, e.g. `ledger/transaction/posted.v1.avsc`. */
  file: string;
  schema: AvroRecordSchema;
}

export interface TopicsFile {
  defaults: {
    partitions: number;
    retentionMs: number;
    dlqPartitions: number;
    dlqRetentionMs: number;
    productionReplicas?: number;
  };
  topics: {
    name: string;
    owner: string;
    writers?: string[];
    description: string;
    partitions?: number;
    retentionMs?: number;
  }[];
  consumers: (ConsumerGroupDeclaration & { dlqPartitions?: number; dlqRetentionMs?: number })[];
}

/** services.json as written: `commands` and `startEnv` may be left out. */
export interface ServicesFile {
  gateway: { port: number; description: string };
  services: (Omit<ServiceDeclaration, 'topics' | 'startEnv'> & {
    topics: { events: string[]; commands?: string[] };
    startEnv?: Record<string, string>;
  })[];
}

export const PACKAGE_DIR: string;
export const AVRO_DIR: string;
export const TOPICS_FILE: string;
export const SERVICES_FILE: string;
export const RELEASED_DIR: string;
export function byKey<T>(key: (v: T) => string): (a: T, b: T) => number;
export function pascalCase(kebab: string): string;
export function dlqTopicName(topic: string, group: string): string;
export function subjectFor(topic: string, recordName: string): string;
export function listSchemaFiles(dir?: string): string[];
export function namesFromPath(relPath: string): EventTypeNames | null;
export function namingProblems(relPath: string, schema: unknown): string[];
export function loadEventTypes(dir?: string): LoadedEventType[];
export function loadTopicsFile(file?: string): TopicsFile;
export function topicDeclarations(topicsFile?: TopicsFile): TopicDeclaration[];
export function consumerGroups(topicsFile?: TopicsFile): ConsumerGroupDeclaration[];
export function loadServicesFile(file?: string): ServicesFile;
export function serviceDeclarations(servicesFile?: ServicesFile): ServiceDeclaration[];
export function releasedVersions(dir?: string): string[];
