#!/usr/bin/env node
import { telemetry } from './instrument';
import { Shutdown, createLogger } from '@cardline/platform';
import { createDisputes, loadDisputesConfig } from './disputes';

async function main(): Promise<void> {
  const config = loadDisputesConfig();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.add('telemetry', () => telemetry.shutdown());
  const disputes = await createDisputes(config, logger);
  shutdown.add('disputes', () => disputes.stop());
  shutdown.listen();
  await disputes.start();
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error('disputes failed to start:', err);
  process.exit(1);
});
