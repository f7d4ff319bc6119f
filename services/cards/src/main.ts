#!/usr/bin/env node
import { telemetry } from './instrument';
import { Shutdown, createLogger } from '@cardline/platform';
import { createCards, loadCardsConfig } from './cards';

async function main(): Promise<void> {
  const config = loadCardsConfig();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.add('telemetry', () => telemetry.shutdown());
  const cards = await createCards(config, logger);
  shutdown.add('cards', () => cards.stop());
  shutdown.listen();
  await cards.start();
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error('cards failed to start:', err);
  process.exit(1);
});
