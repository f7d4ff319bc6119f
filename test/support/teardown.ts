/**
 * Everything an integration test starts (services, collectors, clients,
 * child processes) is registered here as soon as it exists, and the test
 * environment (scripts/jest/integration-environment.js) stops it after the
 * file's last hook, whether the tests, `beforeAll` or `afterAll` failed. A
 * service that started while its neighbour in a `Promise.all` did not is
 * therefore still stopped, and a failing file cannot keep the run alive.
 */
export interface Stoppable {
  stop(): Promise<unknown> | unknown;
}

const REGISTRY = '__cardlineStartedParts';

type Registry = { name: string; stop: () => Promise<unknown> }[];

function registry(): Registry {
  const g = globalThis as unknown as Record<string, Registry | undefined>;
  return (g[REGISTRY] ??= []);
}

/**
 * Registers a part to be stopped after the file and makes its `stop`
 * idempotent (the test's own `afterAll` may call it too). Returns the part.
 */
export function stopAfterFile<T extends Stoppable>(part: T, name = part.constructor?.name ?? 'part'): T {
  const original = part.stop.bind(part);
  let stopping: Promise<unknown> | undefined;
  const stop = () => (stopping ??= Promise.resolve().then(original));
  (part as { stop: () => Promise<unknown> }).stop = stop;
  registry().push({ name, stop });
  return part;
}
