import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { services } from '@cardline/schemas';

// docker-compose.yml must stay a valid production-like stack even where no
// Docker engine runs: check its shape here, and let `docker compose config`
// validate it with a Compose CLI (it needs no engine).
const root = path.resolve(__dirname, '..');
const file = path.join(root, 'docker-compose.yml');
type Env = Record<string, string | number | boolean>;
type Volume = string | { type?: string; source?: string; target?: string };
type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Env;
  depends_on?: Record<string, { condition?: string }> | string[];
  volumes?: Volume[];
  healthcheck?: { test: unknown };
  command?: unknown;
  deploy?: { replicas?: number };
  ports?: unknown[];
};
const compose = parse(fs.readFileSync(file, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`service ${name} missing`);
  return s;
};
const env = (name: string): Env => svc(name).environment ?? {};
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
const prom = parse(read('infra/compose/prometheus.yml')) as {
  scrape_configs: {
    job_name: string;
    metrics_path?: string;
    dns_sd_configs?: { names: string[]; port: number }[];
    static_configs?: { targets: string[] }[];
  }[];
};
const job = (name: string) => prom.scrape_configs.find((j) => j.job_name === name);
const deps = (s: Service): string[] =>
  Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
/** [host path, container path] of a bind mount, or undefined for a named volume. */
const bind = (v: Volume): [string, string] | undefined => {
  if (typeof v === 'string') {
    const [host, target] = v.split(':') as [string, string];
    return host.startsWith('.') || host.startsWith('/') ? [host, target] : undefined;
  }
  return v.type === 'bind' && v.source && v.target ? [v.source, v.target] : undefined;
};

// Every service of packages/schemas/services.json must be in the stack.
const declared = services.map((s) => s.name);
const brokers = ['kafka-1', 'kafka-2', 'kafka-3'];
const mongos = ['mongo-1', 'mongo-2', 'mongo-3'];
const dashboardMetrics = [
  'http_request_duration_seconds',
  'cardline_consumer_lag',
  'cardline_outbox_pending',
  'cardline_dlq_messages_total',
  'cardline_events_published_total',
];

describe('docker-compose.yml', () => {
  it('runs 3 KRaft broker+controller nodes with RF 3 and min ISR 2, one quorum naming all three', () => {
    const voters = brokers.map((b) => `${String(env(b).KAFKA_NODE_ID)}@${b}:9093`).join(',');
    expect(new Set(brokers.map((b) => String(env(b).KAFKA_NODE_ID))).size).toBe(3);
    for (const b of brokers) {
      const e = env(b);
      expect(svc(b).image).toBe('apache/kafka:4.1.1');
      expect(e.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(e.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(voters);
      expect(String(e.KAFKA_LISTENERS)).toContain('CONTROLLER://:9093');
      expect(e.KAFKA_ADVERTISED_LISTENERS).toBe(`SASL://${b}:9092`);
      expect(String(e.KAFKA_DEFAULT_REPLICATION_FACTOR)).toBe('3');
      expect(String(e.KAFKA_MIN_INSYNC_REPLICAS)).toBe('2');
      expect(String(e.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR)).toBe('3');
      expect(String(e.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR)).toBe('3');
      expect(String(e.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR)).toBe('2');
      expect(String(e.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
      // Same cluster everywhere, and a real KRaft cluster id (base64 of 16 bytes).
      expect(String(e.CLUSTER_ID)).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(e.CLUSTER_ID).toBe(env('kafka-1').CLUSTER_ID);
      // The data lives on the node's own named volume.
      expect(svc(b).volumes).toContain(`${b}:${String(e.KAFKA_LOG_DIRS)}`);
      expect(compose.volumes).toHaveProperty(b);
      expect(svc(b).healthcheck).toBeDefined();
    }
  });

  it('authenticates every Kafka client and authorises by ACL, each service as its own principal (docs/adr/0029-kafka-principals-acls.md)', () => {
    for (const b of brokers) {
      const e = env(b);
      expect(e.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('SASL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT');
      expect(e.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
      expect(String(e.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND)).toBe('false');
      expect(e.KAFKA_SUPER_USERS).toBe('User:admin');
      expect(String(e.KAFKA_SASL_ENABLED_MECHANISMS)).toContain('SCRAM-SHA-512');
    }
    for (const name of declared) {
      expect(env(name).KAFKA_SASL_USERNAME).toBe(name);
      expect(env(name).KAFKA_SASL_PASSWORD).toBe(
        `\${KAFKA_PASSWORD_${name.toUpperCase()}:-cardline-dev-${name}}`,
      );
      expect((svc(name).depends_on as Record<string, { condition?: string }>)['kafka-acls']?.condition).toBe(
        'service_completed_successfully',
      );
    }
    expect(env('gateway').KAFKA_SASL_USERNAME).toBeUndefined();
    expect(svc('kafka-acls').command).toEqual(['node', 'infra/kafka/setup-principals.js']);
    expect(deps(svc('kafka-acls'))).toContain('kafka-users');
    for (const job of ['kafka-init', 'kafka-acls']) expect(env(job).KAFKA_SASL_USERNAME).toBe('admin');
    expect(String(env('schema-registry').SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL)).toBe(
      'SASL_PLAINTEXT',
    );
  });

  it('creates topics with RF 3 and registers schemas in one-shot jobs from the ledger image', () => {
    const image = svc('ledger').image;
    expect(svc('kafka-init').image).toBe(image);
    expect(svc('kafka-init').command).toEqual(['node', 'infra/topics/create-topics.js']);
    expect(String(env('kafka-init').KAFKA_REPLICATION_FACTOR)).toBe('3');
    for (const b of brokers) expect(String(env('kafka-init').KAFKA_BROKERS)).toContain(`${b}:9092`);
    expect(deps(svc('kafka-init')).sort()).toEqual(brokers);
    expect(svc('schemas-init').image).toBe(image);
    expect(svc('schemas-init').command).toEqual(['node', 'packages/schemas/scripts/register.js']);
    expect(env('schemas-init').SCHEMA_REGISTRY_URL).toBe('http://schema-registry:8081');
    expect(deps(svc('schemas-init'))).toContain('schema-registry');
  });

  it('has a pinned schema registry with BACKWARD_TRANSITIVE compatibility stored on the three brokers', () => {
    const e = env('schema-registry');
    expect(svc('schema-registry').image).toMatch(/^confluentinc\/cp-schema-registry:\d+\.\d+\.\d+$/);
    expect(String(e.SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL).toLowerCase()).toBe('backward_transitive');
    expect(String(e.SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR)).toBe('3');
    for (const b of brokers)
      expect(String(e.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS)).toContain(`${b}:9092`);
    expect(svc('schema-registry').healthcheck).toBeDefined();
  });

  it('has a MongoDB replica set of three, initiated once, used by the ledger', () => {
    for (const m of mongos) {
      expect(svc(m).image).toMatch(/^mongo:7/);
      expect(svc(m).command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
      expect(svc(m).healthcheck).toBeDefined();
      expect(compose.volumes).toHaveProperty(m);
    }
    const init = JSON.stringify(svc('mongo-init').command);
    expect(init).toContain('rs.initiate');
    for (const m of mongos) expect(init).toContain(`${m}:27017`);
    expect(deps(svc('mongo-init')).sort()).toEqual(mongos);
    const url = String(env('ledger').MONGO_URL);
    expect(url).toContain('replicaSet=rs0');
    for (const m of mongos) expect(url).toContain(`${m}:27017`);
  });

  it('traces through an OpenTelemetry collector (OTLP http + grpc) to Zipkin', () => {
    expect(svc('otel-collector').image).toMatch(/^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
    expect(svc('zipkin').image).toMatch(/^openzipkin\/zipkin:\d+\.\d+/);
    const mount = (svc('otel-collector').volumes ?? []).map(bind).find(Boolean);
    expect(mount?.[0]).toBe('./infra/compose/otel-collector.yaml');
    const otel = parse(read('infra/compose/otel-collector.yaml')) as {
      receivers: { otlp: { protocols: Record<string, unknown> } };
      exporters: Record<string, { endpoint?: string }>;
      service: { pipelines: Record<string, { receivers: string[]; exporters: string[] }> };
    };
    expect(Object.keys(otel.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    expect(otel.exporters.zipkin?.endpoint).toBe('http://zipkin:9411/api/v2/spans');
    expect(otel.service.pipelines.traces).toMatchObject({ receivers: ['otlp'], exporters: ['zipkin'] });
  });

  it('scrapes every ledger replica and the collector with Prometheus', () => {
    expect(svc('prometheus').image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    const mount = (svc('prometheus').volumes ?? []).map(bind).find(Boolean);
    expect(mount).toEqual(['./infra/compose/prometheus.yml', '/etc/prometheus/prometheus.yml']);
    expect(job('ledger')?.dns_sd_configs).toEqual([
      expect.objectContaining({ names: ['ledger'], port: 8080 }),
    ]);
    expect(job('ledger')?.metrics_path ?? '/metrics').toBe('/metrics');
    for (const name of declared)
      expect(job(name)?.dns_sd_configs).toEqual([expect.objectContaining({ names: [name], port: 8080 })]);
    expect(job('otel-collector')?.static_configs?.[0]?.targets).toEqual(['otel-collector:8889']);
  });

  it('provisions Grafana with the Prometheus datasource and a dashboard of the platform metrics', () => {
    expect(svc('grafana').image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const mounts = new Map(
      (svc('grafana').volumes ?? []).map(bind).filter((m): m is [string, string] => m !== undefined),
    );
    expect(mounts.get('./infra/compose/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    const dashDir = mounts.get('./infra/compose/grafana/dashboards');
    const ds = parse(read('infra/compose/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; type: string; url: string }[];
    };
    expect(ds.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', uid: 'prometheus' }),
    ]);
    const provider = parse(read('infra/compose/grafana/provisioning/dashboards/cardline.yml')) as {
      providers: { options: { path: string } }[];
    };
    expect(provider.providers[0]?.options.path).toBe(dashDir);
    const dash = JSON.parse(read('infra/compose/grafana/dashboards/cardline.json')) as {
      panels: { datasource?: { uid?: string }; targets: { expr: string }[] }[];
    };
    for (const p of dash.panels) expect(p.datasource?.uid).toBe('prometheus');
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of dashboardMetrics) expect(exprs).toContain(metric);
    expect(exprs).toMatch(/histogram_quantile\(0\.5,/);
    expect(exprs).toMatch(/histogram_quantile\(0\.99,/);
  });

  it.each(declared)(
    'builds %s from the shared multi-stage Dockerfile and runs two replicas with health checks',
    (name) => {
      const l = svc(name);
      expect(l.build).toEqual({
        context: '.',
        dockerfile: 'infra/docker/service.Dockerfile',
        args: { SERVICE: name },
      });
      expect(l.image).toBe(`cardline/${name}:dev`);
      expect(l.deploy?.replicas).toBe(2);
      expect(l.ports).toBeUndefined(); // replicas cannot share a host port
      const e = l.environment ?? {};
      expect(e.KAFKA_BROKERS).toBe(brokers.map((b) => `${b}:9092`).join(','));
      expect(e.SCHEMA_REGISTRY_URL).toBe('http://schema-registry:8081');
      expect(e.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
      expect(String(e.PORT)).toBe('8080');
      expect(e.SERVICE_NAME).toBe(name);
      expect(e.MONGO_DB).toBe(name);
      expect(e.LOG_LEVEL).toBe('info');
      expect(JSON.stringify(l.healthcheck?.test)).toContain('http://127.0.0.1:8080/health/ready');
      for (const d of ['kafka-init', 'schemas-init', 'mongo-init'])
        expect((l.depends_on as Record<string, { condition?: string }>)[d]?.condition).toBe(
          'service_completed_successfully',
        );

      const dockerfile = read('infra/docker/service.Dockerfile');
      const stages = dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM '));
      expect(stages.length).toBeGreaterThanOrEqual(2);
      for (const s of stages) expect(s).toMatch(/^FROM node:24-bookworm-slim\b/);
      const build = stages[0] as string;
      expect(build).toMatch(/^RUN npm ci\b/m);
      expect(build).toMatch(/^RUN npx tsc -b\b/m);
      expect(dockerfile).toMatch(/^RUN npm ci .*--omit=dev/m);
      const runtime = stages[stages.length - 1] as string;
      expect(runtime).not.toMatch(/^RUN npm ci\b(?!.*--omit=dev)/m);
      expect(runtime).toMatch(/^USER node$/m);
      expect(runtime).toMatch(/^HEALTHCHECK .*\/health\/ready/m);
      expect(runtime).toMatch(/^ARG SERVICE$/m);
      expect(runtime).toMatch(/^COPY --from=build \/app\/services\/\$\{SERVICE\}\/dist /m);
      expect(runtime).toMatch(/ln -s "services\/\$\{SERVICE\}\/dist\/main\.js" main\.js$/m);
      expect(runtime).toMatch(/^CMD \["node", "main\.js"\]$/m);
      // What the one-shot jobs run is in the image.
      expect(runtime).toMatch(/^COPY infra\/topics infra\/topics$/m);
      expect(runtime).toMatch(/packages\/schemas\/scripts/);

      const ignored = read('.dockerignore').split('\n');
      for (const p of ['node_modules', '**/dist', '.git']) expect(ignored).toContain(p);
    },
  );

  it('publishes the gateway as the one entry, in front of every service', () => {
    const g = svc('gateway');
    expect(g.build).toEqual({
      context: '.',
      dockerfile: 'infra/docker/service.Dockerfile',
      args: { SERVICE: 'gateway' },
    });
    expect(JSON.stringify(g.ports)).toContain('8080');
    const e = g.environment ?? {};
    expect([e.LEDGER_URL, e.CARDS_URL, e.DISPUTES_URL, e.TICKETING_URL]).toEqual([
      'http://ledger:8080',
      'http://cards:8080',
      'http://disputes:8080',
      'http://ticketing:8080',
    ]);
    for (const name of declared) expect(svc(name).ports).toBeUndefined();
    // Every service checks the tokens the gateway forwards, with the same key.
    for (const name of declared) expect(svc(name).environment?.AUTH_HS256_SECRET).toBe(e.AUTH_HS256_SECRET);
    for (const name of declared) expect(svc(name).environment?.AUTH_HS256_KEYS).toBe(e.AUTH_HS256_KEYS);
    expect(e.AUTH_HS256_SECRET).toBe('${AUTH_HS256_SECRET:-}');
  });

  it('runs the local profile unless told otherwise, and writes no development secret (docs/adr/0019-token-rules.md)', () => {
    for (const name of ['gateway', ...declared])
      expect(svc(name).environment?.CARDLINE_PROFILE).toBe('${CARDLINE_PROFILE:-local}');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('cardline-local-development-signing-key-not-for-production');
    expect(text).not.toContain('cardline-local-vault-key-not-for-production');
  });

  it.each(services.map((s) => [s.name, s.gateway.urlEnv]))(
    'has %s as services.json declares it: its compose service, the gateway’s %s and a Prometheus scrape target',
    (name, urlEnv) => {
      expect(Object.keys(compose.services)).toContain(name);
      expect(env('gateway')[urlEnv]).toBe(`http://${name}:8080`);
      expect(deps(svc('gateway'))).toContain(name);
      expect(job(name)?.dns_sd_configs).toEqual([expect.objectContaining({ names: [name], port: 8080 })]);
      expect(deps(svc('prometheus'))).toContain(name);
    },
  );

  it('depends only on services it declares and mounts only files that exist', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const d of deps(s))
        expect({ name, dep: d, exists: d in compose.services }).toEqual({ name, dep: d, exists: true });
      for (const v of s.volumes ?? []) {
        const m = bind(v);
        if (m)
          expect({ name, host: m[0], exists: fs.existsSync(path.resolve(root, m[0])) }).toEqual({
            name,
            host: m[0],
            exists: true,
          });
      }
    }
    for (const f of ['infra/topics/create-topics.js', 'packages/schemas/scripts/register.js'])
      expect({ f, exists: fs.existsSync(path.join(root, f)) }).toEqual({ f, exists: true });
  });

  it('passes `docker compose config`', () => {
    // The docker CLI's compose plugin where installed, else the Compose CLI
    // that `bash infra/local/install.sh compose` builds into the cache.
    const cache = process.env.CARDLINE_CACHE ?? path.join(os.homedir(), '.cache', 'cardline');
    const cached = path.join(cache, `compose-${process.env.COMPOSE_VERSION ?? 'v2.32.4'}`, 'docker-compose');
    const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
    // .ci/run and the test setup install it; a missing CLI is a failure, not a pass.
    if (!plugin && !fs.existsSync(cached)) {
      throw new Error(`no Compose CLI: run bash infra/local/install.sh compose (expected ${cached})`);
    }
    const [cmd, args] = plugin ? ['docker', ['compose']] : [cached, []];
    const r = spawnSync(cmd, [...args, '-f', file, 'config', '-q'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Compose's own reading of the anchors and merges agrees with the checks above.
    const j = spawnSync(cmd, [...args, '-f', file, 'config', '--format', 'json'], { encoding: 'utf8' });
    expect(j.status).toBe(0);
    const model = JSON.parse(j.stdout) as { services: Record<string, Service> };
    for (const b of brokers) {
      expect(model.services[b]?.environment?.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
      expect(model.services[b]?.environment?.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('3');
    }
    for (const m of mongos) expect(model.services[m]?.command).toEqual(expect.arrayContaining(['rs0']));
    expect(model.services.ledger?.deploy?.replicas).toBe(2);
    expect(model.services.ledger?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://otel-collector:4318',
    );
  });
});
