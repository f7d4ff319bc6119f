export interface ServerEnv {
  KAFKA_BROKERS: string;
  /** The admin principal where Kafka authenticates (docs/adr/0029-kafka-principals-acls.md). */
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  MONGO_URL: string;
  SCHEMA_REGISTRY_URL: string;
  ZIPKIN_URL?: string;
  mode: 'env' | 'testcontainers' | 'local';
  stop?: () => Promise<void>;
}
export type TestcontainersLoad =
  { lib: typeof import('testcontainers'); reason?: never } | { lib?: never; reason: string };
export function loadTestcontainers(): TestcontainersLoad;
export function dockerAnswers(o?: {
  log?: (line: string) => void;
  load?: () => TestcontainersLoad;
}): Promise<boolean>;
export function fromEnv(): ServerEnv | null;
export function kafkaAuthOf(env: Record<string, string | undefined>): Record<string, string>;
export function startContainers(): Promise<ServerEnv>;
export function startLocal(): ServerEnv & { startedHere: boolean };
export function stopLocal(): void;
export function localEnv(): Record<string, string>;
export function prepareKafkaAndRegistry(env: ServerEnv): Promise<void>;
export const root: string;
