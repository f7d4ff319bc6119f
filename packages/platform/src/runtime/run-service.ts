import type { TelemetryHandle } from '../telemetry';
import { createLogger, type Logger } from '../observability/logger';
import type { BaseConfig } from './config';
import { Shutdown } from './shutdown';

/** What a service process runs: started once, stopped on SIGINT/SIGTERM. */
export interface RunnableService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A service process's whole main: load the config, build the service with
 * its logger, start it; on SIGINT/SIGTERM stop it, then flush telemetry, and
 * exit 0. A service that cannot be configured, built or started exits 1
 * (ServiceRuntime.start has already stopped what it started). `telemetry` is
 * the handle of the service's instrument.ts, which main.ts imports before
 * this module (see instrument.ts). Resolves once started or failed.
 */
export async function runService<C extends Pick<BaseConfig, 'SERVICE_NAME' | 'LOG_LEVEL'>>(
  telemetry: TelemetryHandle,
  loadConfig: () => C,
  create: (config: C, logger: Logger) => RunnableService | Promise<RunnableService>,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  let name = process.env.SERVICE_NAME ?? 'service';
  try {
    const config = loadConfig();
    name = config.SERVICE_NAME;
    const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
    const shutdown = new Shutdown(logger);
    shutdown.add('telemetry', () => telemetry.shutdown());
    const service = await create(config, logger);
    shutdown.add(name, () => service.stop());
    shutdown.listen();
    await service.start();
  } catch (err) {
    // eslint-disable-next-line no-console -- the logger may not exist yet (bad config)
    console.error(`${name} failed to start:`, err);
    exit(1);
  }
}
