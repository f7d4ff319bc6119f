import { runService, type RunnableService } from '@cardline/platform';

const telemetry = { shutdown: async () => undefined };
const config = () => ({ SERVICE_NAME: 'cards', LOG_LEVEL: 'silent' as const });
const service = (start: () => Promise<void> = async () => undefined): RunnableService => ({
  start,
  stop: async () => undefined,
});

describe('runService, a service process main', () => {
  let errors: jest.SpyInstance;
  const signals = () => [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];
  let before: ReturnType<typeof signals>;
  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    before = signals();
  });
  afterEach(() => {
    errors.mockRestore();
    for (const l of signals().filter((l) => !before.includes(l))) {
      process.removeListener('SIGINT', l);
      process.removeListener('SIGTERM', l);
    }
  });

  it('builds the service from its config and logger, starts it and stays up', async () => {
    const exit = jest.fn();
    const started = jest.fn(async () => undefined);
    const create = jest.fn((c: ReturnType<typeof config>) => {
      expect(c.SERVICE_NAME).toBe('cards');
      return service(started);
    });
    await runService(telemetry, config, create, exit);
    expect(create).toHaveBeenCalledTimes(1);
    expect(started).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    expect(signals().length).toBeGreaterThan(before.length); // stops on SIGINT/SIGTERM
  });

  it('a service that cannot start exits 1, naming itself', async () => {
    const exit = jest.fn();
    await runService(telemetry, config, () => service(() => Promise.reject(new Error('no broker'))), exit);
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors).toHaveBeenCalledWith(
      'cards failed to start:',
      expect.objectContaining({ message: 'no broker' }),
    );
  });

  it('a configuration that does not load exits 1 before anything is built', async () => {
    const exit = jest.fn();
    const create = jest.fn(() => service());
    const bad = () => {
      throw new Error('invalid configuration: MONGO_URL: Required');
    };
    await runService(telemetry, bad, create, exit);
    expect(create).not.toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(1);
  });
});
