// Types for register.js (plain CommonJS so it runs without a build).
export class RegistryError extends Error {
  /** HTTP status; 409 = incompatible with a registered version; 0 = unreachable. */
  readonly status: number;
}
export interface Registered {
  type: string;
  subject: string;
  id: number;
}
/** Registers every schema under its subject; same ids on every run for unchanged schemas. */
export function registerAll(options?: { url?: string; log?: (line: string) => void }): Promise<Registered[]>;
/** Registers one schema under a subject; returns its global id. Retries connection errors for up to retryForMs (60 s). */
export function registerSchema(
  baseUrl: string,
  subject: string,
  schema: object,
  options?: { retryForMs?: number },
): Promise<number>;
