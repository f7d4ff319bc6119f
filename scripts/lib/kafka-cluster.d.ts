export interface KafkaNode {
  id: number;
  port: number;
  /** Stops the node with a signal (default SIGKILL) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Sends a signal without waiting (SIGSTOP / SIGCONT). */
  signal(signal: NodeJS.Signals): void;
  restart(ready?: 'port' | 'started'): Promise<void>;
}
export interface KafkaCluster {
  dir: string;
  /** Comma-separated bootstrap list. */
  brokers: string;
  nodes: KafkaNode[];
  stop(): Promise<void>;
}
export function startKafkaCluster(o?: {
  nodes?: number;
  ready?: 'port' | 'started';
  props?: Record<string, string | number | boolean>;
  timeoutMs?: number;
}): Promise<KafkaCluster>;
