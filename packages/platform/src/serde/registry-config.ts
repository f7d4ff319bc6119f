import { z } from 'zod';
import { ConfigError } from '../runtime/config';
import type { RegistryAuth, RegistryClientOptions, RegistryMode } from './registry-client';

const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** How a service talks to the schema registry besides its URL (docs/architecture.md#configuration). */
export const registryConfigShape = {
  /** `register` locally; images set `lookup` (infra/docker/service.Dockerfile). */
  SCHEMA_REGISTRY_MODE: z.enum(['register', 'lookup']).default('register'),
  SCHEMA_REGISTRY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  SCHEMA_REGISTRY_USERNAME: optional,
  SCHEMA_REGISTRY_PASSWORD: optional,
  SCHEMA_REGISTRY_BEARER_TOKEN: optional,
};

export interface RegistrySettings {
  SCHEMA_REGISTRY_URL: string;
  SCHEMA_REGISTRY_MODE?: RegistryMode;
  SCHEMA_REGISTRY_TIMEOUT_MS?: number;
  SCHEMA_REGISTRY_USERNAME?: string;
  SCHEMA_REGISTRY_PASSWORD?: string;
  SCHEMA_REGISTRY_BEARER_TOKEN?: string;
}

/** The client's options; a half-given or doubly given credential fails the start. */
export function registryOptions(c: RegistrySettings): RegistryClientOptions {
  const { SCHEMA_REGISTRY_USERNAME: username, SCHEMA_REGISTRY_PASSWORD: password } = c;
  const bearer = c.SCHEMA_REGISTRY_BEARER_TOKEN;
  if ((username === undefined) !== (password === undefined))
    throw new ConfigError('SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together');
  if (username !== undefined && bearer !== undefined)
    throw new ConfigError(
      'set either SCHEMA_REGISTRY_USERNAME/PASSWORD or SCHEMA_REGISTRY_BEARER_TOKEN, not both',
    );
  let auth: RegistryAuth | undefined;
  if (username !== undefined && password !== undefined) auth = { basic: { username, password } };
  else if (bearer !== undefined) auth = { bearer };
  return {
    url: c.SCHEMA_REGISTRY_URL,
    mode: c.SCHEMA_REGISTRY_MODE ?? 'register',
    timeoutMs: c.SCHEMA_REGISTRY_TIMEOUT_MS,
    auth,
  };
}
