export interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  /** The last of what the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
/** Resolves once GET url answers 2xx; rejects after ms, or at once when `child` has exited (with `output()`). */
export function waitReady(
  url: string,
  ms?: number,
  child?: import('node:child_process').ChildProcess,
  output?: () => string,
): Promise<void>;
export function spawnService(name: string, env?: Record<string, string>): Promise<ServiceProcess>;
