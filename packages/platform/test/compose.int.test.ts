import { ServiceRuntime, createLogger } from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import { loadLedgerConfig } from '../../../services/ledger/src/ledger';
import { serverEnv, unique } from '../../../test/support/env';

// A service whose wiring throws leaves nothing open behind it: the runtime
// it was wired on is stopped (its Mongo client closed), so neither a process
// nor a test run is kept alive by it (docs/architecture.md#start-up-and-shutdown).
it('a wiring that throws stops its runtime: the error goes on and the store client is closed', async () => {
  const config = loadLedgerConfig({ ...serverEnv(), MONGO_DB: unique('compose').replace(/-/g, '_') });
  let wired: ServiceRuntime | undefined;
  await expect(
    ServiceRuntime.compose(config, createLogger('compose-test', 'silent'), eventTypes, async (rt) => {
      wired = rt;
      await rt.db.command({ ping: 1 }); // connected while wiring
      throw new Error('a schema the document cannot take');
    }),
  ).rejects.toThrow('a schema the document cannot take');
  expect(wired).toBeDefined();
  await expect((wired as ServiceRuntime).db.command({ ping: 1 })).rejects.toThrow();
});
