import { CENSOR, redactPii } from '@cardline/platform';

/**
 * The project's PII masking (the log redaction of packages/platform,
 * docs/domain.md#privacy-and-security) applied to an exported event: named
 * fields censored at any depth, card numbers in other strings scrubbed.
 */
export function maskEvent<T>(event: T): T {
  return redactPii(event) as T;
}

/** Paths of the fields that masking censored, for the export's summary. */
export function censoredPaths(masked: unknown, prefix = ''): string[] {
  if (masked === CENSOR) return [prefix];
  if (masked === null || typeof masked !== 'object') return [];
  return Object.entries(masked as Record<string, unknown>).flatMap(([k, v]) =>
    censoredPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}
