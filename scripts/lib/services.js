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

/**
 * A child's environment with one Kafka principal: the service's own where
 * KAFKA_PASSWORD_<SERVICE> is given (no other principal's password stays
 * in it), none for a process without Kafka (the gateway), and otherwise the
 * principal it inherited (docs/adr/0029-kafka-principals-acls.md).
 */
function withKafkaPrincipal(name, env, usesKafka = true) {
  const { passwordVar } = require('../../infra/kafka/principals');
  const own = env[passwordVar(name)];
  const out = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('KAFKA_PASSWORD_')));
  if (!usesKafka) {
    for (const k of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM']) delete out[k];
  } else if (own) {
    out.KAFKA_SASL_USERNAME = name;
    out.KAFKA_SASL_PASSWORD = own;
  }
  return out;
}

module.exports = { local, declared, processes, bannerLines, withKafkaPrincipal };
