import { randomBytes } from 'node:crypto';

/**
 * The sandbox's own token settings (docs/adr/0033-console-training-mode.md):
 * a signing key drawn at each start and never written down, its own issuer
 * and audience. A training token fails a real service's signature, issuer
 * and audience checks; a real token fails the sandbox's signature and issuer.
 */
export const TRAINING_ISSUER = 'cardline-training';
export const TRAINING_AUDIENCE = 'cardline-training';

export interface SandboxAuth {
  AUTH_HS256_SECRET: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

export function sandboxAuth(secret: string = randomBytes(32).toString('base64url')): SandboxAuth {
  return { AUTH_HS256_SECRET: secret, AUTH_ISSUER: TRAINING_ISSUER, AUTH_AUDIENCE: TRAINING_AUDIENCE };
}
