// What `npm start` runs, from packages/schemas/services.json, the one
// declaration of the services (docs/architecture.md, "Adding a service"):
// the processes in start order and the readiness banner's lines.
const path = require('node:path');
const { loadServicesFile, serviceDeclarations } = require(
  path.join(__dirname, '..', '..', 'packages', 'schemas', 'scripts', 'lib', 'contracts.js'),
);

const local = (port) => `http://127.0.0.1:${port}`;

/** The gateway's entry and every service, optional fields filled in. */
function declared(file = loadServicesFile()) {
  return { gateway: file.gateway, services: serviceDeclarations(file) };
}

/**
 * Every service on its port with its startEnv, then the gateway, which
 * finds each through its URL setting. Each gets SERVICE_NAME and PORT too.
 */
function processes({ gateway, services } = declared(), clock = 'system') {
  return [
    ...services.map((s) => ({ name: s.name, port: s.port, env: { CLOCK: clock, ...s.startEnv } })),
    {
      name: 'gateway',
      port: gateway.port,
      env: Object.fromEntries(services.map((s) => [s.gateway.urlEnv, local(s.port)])),
    },
  ];
}

/** The banner's line for the gateway and each service: where it listens and what it does. */
function bannerLines({ gateway, services } = declared()) {
  const line = (label, port, what) => `  ${label.padEnd(15)} ${local(port)}  ${what}`;
  return [
    line('gateway', gateway.port, gateway.description),
    ...services.map((s) => line(`${s.name} API`, s.port, s.description)),
  ];
}

module.exports = { local, declared, processes, bannerLines };
