import { z } from 'zod';

/**
 * A setting of rotated-out key-encryption keys, `kid:secret,…`: they still
 * open what they sealed while the current key seals everything new
 * (docs/architecture.md#security-model). Empty means none.
 */
export function previousKeysSetting(name: string) {
  return z
    .string()
    .default('')
    .transform((v, ctx) => {
      const keys: Record<string, string> = {};
      for (const part of v.split(',').filter(Boolean)) {
        const at = part.indexOf(':');
        if (at < 1 || part.length - at - 1 < 16) {
          ctx.addIssue({ code: 'custom', message: `${name} entries are kid:secret, secrets of 16+` });
          return z.NEVER;
        }
        keys[part.slice(0, at)] = part.slice(at + 1);
      }
      return keys;
    });
}
