#!/usr/bin/env node
import { telemetry } from './instrument';
import { Shutdown, createLogger } from '@cardline/platform';
import { createLedger, loadLedgerConfig } from './ledger';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.add('telemetry', () => telemetry.shutdown());
  const ledger = await createLedger(config, logger);
  shutdown.add('ledger', () => ledger.stop());
  shutdown.listen();
  await ledger.start();
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error('ledger failed to start:', err);
  process.exit(1);
});
