// Stops only what the setup started itself (a developer's running `npm start`
// servers are left alone). CARDLINE_KEEP_SERVERS=1 keeps them for the next run.
const servers = require('../lib/servers');

module.exports = async () => {
  const env = globalThis.__cardlineServers;
  globalThis.__cardlineBrokerRelease?.();
  if (!env || process.env.CARDLINE_KEEP_SERVERS === '1') return;
  if (env.mode === 'testcontainers') await env.stop();
  if (env.mode === 'local' && env.startedHere) servers.stopLocal();
};
