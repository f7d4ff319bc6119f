#!/usr/bin/env node
import { telemetry } from './instrument';
import { Shutdown, createLogger } from '@cardline/platform';
import { createTicketing, loadTicketingConfig } from './ticketing';

async function main(): Promise<void> {
  const config = loadTicketingConfig();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.add('telemetry', () => telemetry.shutdown());
  const ticketing = await createTicketing(config, logger);
  shutdown.add('ticketing', () => ticketing.stop());
  shutdown.listen();
  await ticketing.start();
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error('ticketing failed to start:', err);
  process.exit(1);
});
