import { z } from 'zod';

/**
 * Where a process runs. `local` (the default: `npm start`, the tests, the
 * compose stack) may use the committed development signing key and vault
 * passphrase and the platform audience; any other profile refuses them at
 * start (docs/adr/0019-token-rules.md).
 */
export const PROFILES = ['local', 'production'] as const;
export type Profile = (typeof PROFILES)[number];

export const profileConfigShape = {
  CARDLINE_PROFILE: z.enum(PROFILES).default('local'),
};

/** A check of a loaded config: the problems it finds, each naming its setting. */
export type ConfigCheck<C> = (config: C) => string[];

/**
 * Refuses a setting left at its committed development value outside the
 * local profile (the value is in the repository, so it is no secret).
 */
export function refuseDevelopmentValue<K extends string>(
  setting: K,
  developmentValue: string,
  what: string,
): ConfigCheck<{ CARDLINE_PROFILE?: Profile } & { [P in K]?: unknown }> {
  return (c) =>
    (c.CARDLINE_PROFILE ?? 'local') !== 'local' && c[setting] === developmentValue
      ? [
          `${setting} is the committed development ${what}; CARDLINE_PROFILE=${c.CARDLINE_PROFILE} needs a real one`,
        ]
      : [];
}
