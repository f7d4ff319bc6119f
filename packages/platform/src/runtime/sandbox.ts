import { z } from 'zod';
import type { EventCatalog } from '../events/catalog';

/**
 * A sandbox is a copy of the platform that shares the servers but no data:
 * its topics and consumer groups carry the prefix `<sandbox>.`, its databases
 * end in `_<sandbox>`, so nothing it does reaches a real service and nothing
 * real reaches it (docs/adr/0033-console-training-mode.md).
 */
export const sandboxConfigShape = {
  /** Unset: the real platform. */
  CARDLINE_SANDBOX: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-z][a-z0-9]{1,15}$/, 'a short lowercase name such as training')
      .optional(),
  ),
};

/** The prefix of a sandbox's topics and groups; '' for the real platform. */
export const sandboxPrefix = (sandbox: string | undefined): string => (sandbox ? `${sandbox}.` : '');

/** The topic a sandbox reads and writes for a declared topic name. */
export const sandboxTopic = (topic: string, sandbox: string | undefined): string =>
  `${sandboxPrefix(sandbox)}${topic}`;

/** The catalog with every type's topic in the sandbox; subjects and schemas are the real ones. */
export function sandboxCatalog(catalog: EventCatalog, sandbox: string | undefined): EventCatalog {
  if (!sandbox) return catalog;
  return {
    get(type) {
      const info = catalog.get(type);
      return info && { ...info, topic: sandboxTopic(info.topic, sandbox) };
    },
  };
}

/** A sandbox on a database without its suffix could write into a real one: refused at start. */
export function sandboxProblems(c: { CARDLINE_SANDBOX?: string; MONGO_DB?: string }): string[] {
  if (!c.CARDLINE_SANDBOX) return [];
  const suffix = `_${c.CARDLINE_SANDBOX}`;
  return c.MONGO_DB?.endsWith(suffix)
    ? []
    : [
        `MONGO_DB: CARDLINE_SANDBOX=${c.CARDLINE_SANDBOX} needs a database ending in ${suffix}, not ${c.MONGO_DB}`,
      ];
}
