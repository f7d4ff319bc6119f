#!/usr/bin/env node
import { telemetry } from './instrument';
import { Shutdown, createLogger } from '@cardline/platform';
import { createGateway, loadGatewayConfig } from './gateway';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.add('telemetry', () => telemetry.shutdown());
  const gateway = createGateway(config, logger);
  shutdown.add('gateway', () => gateway.stop());
  shutdown.listen();
  await gateway.start();
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error('gateway failed to start:', err);
  process.exit(1);
});
