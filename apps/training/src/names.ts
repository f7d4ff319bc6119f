/** The one sandbox: its topics are `training.…`, its databases `…_training` (docs/adr/0033-console-training-mode.md). */
export const SANDBOX = 'training';

/**
 * A sandbox database's name: every one ends in `_training`, which the
 * platform insists on. `instance` keeps a test's sandbox apart from the one
 * `npm start` runs on the same servers.
 */
export const sandboxDb = (service: string, instance?: string): string =>
  `${service}_${instance ? `${instance}_` : ''}${SANDBOX}`;
