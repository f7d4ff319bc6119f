export interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  /** The last of what the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function waitReady(url: string, ms?: number): Promise<void>;
export function spawnService(name: string, env?: Record<string, string>): Promise<ServiceProcess>;
