import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

// docker-compose.yml must stay a valid production-like stack even where no
// Docker engine runs: check its shape here, and let `docker compose config`
// validate it where that command exists.
const root = path.resolve(__dirname, '..');
const file = path.join(root, 'docker-compose.yml');
type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, unknown> | string[];
  volumes?: string[];
  healthcheck?: { test: unknown };
  command?: unknown;
  deploy?: { replicas?: number };
};
const compose = parse(fs.readFileSync(file, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`service ${name} missing`);
  return s;
};

describe('docker-compose.yml', () => {
  const brokers = ['kafka-1', 'kafka-2', 'kafka-3'];

  it('runs 3 KRaft brokers with RF 3 and min ISR 2, one quorum naming all three', () => {
    for (const [i, b] of brokers.entries()) {
      const env = svc(b).environment ?? {};
      expect(svc(b).image).toMatch(/^apache\/kafka:4\./);
      expect(String(env.KAFKA_NODE_ID)).toBe(String(i + 1));
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(String(env.KAFKA_DEFAULT_REPLICATION_FACTOR)).toBe('3');
      expect(String(env.KAFKA_MIN_INSYNC_REPLICAS)).toBe('2');
      expect(String(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR)).toBe('3');
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${b}:9092`);
      expect(svc(b).healthcheck).toBeDefined();
    }
    expect(String(svc('kafka-init').environment?.KAFKA_REPLICATION_FACTOR)).toBe('3');
  });

  it('has a schema registry with BACKWARD_TRANSITIVE compatibility on the three brokers', () => {
    const env = svc('schema-registry').environment ?? {};
    expect(String(env.SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL).toLowerCase()).toBe('backward_transitive');
    for (const b of brokers)
      expect(String(env.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS)).toContain(`${b}:9092`);
  });

  it('has a MongoDB replica set of three, initiated once', () => {
    for (const m of ['mongo-1', 'mongo-2', 'mongo-3'])
      expect(svc(m).command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(JSON.stringify(svc('mongo-init').command)).toContain('rs.initiate');
    expect(svc('ledger').environment?.MONGO_URL).toContain('replicaSet=rs0');
  });

  it('traces through an OpenTelemetry collector to Zipkin, and metrics through Prometheus to Grafana', () => {
    const otel = fs.readFileSync(path.join(root, 'infra/compose/otel-collector.yaml'), 'utf8');
    expect(otel).toMatch(/zipkin:\s*\n\s*endpoint: http:\/\/zipkin:9411/);
    expect(svc('zipkin').image).toMatch(/zipkin/);
    expect(fs.readFileSync(path.join(root, 'infra/compose/prometheus.yml'), 'utf8')).toMatch(
      /names: \[ledger\]/,
    );
    const dash = JSON.parse(
      fs.readFileSync(path.join(root, 'infra/compose/grafana/dashboards/cardline.json'), 'utf8'),
    ) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of [
      'http_request_duration_seconds',
      'cardline_consumer_lag',
      'cardline_outbox_pending',
      'cardline_dlq_messages_total',
      'cardline_events_published_total',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('builds the ledger from its multi-stage Dockerfile and runs two replicas with health checks', () => {
    const l = svc('ledger');
    expect(l.build).toEqual({ context: '.', dockerfile: 'services/ledger/Dockerfile' });
    expect(l.deploy?.replicas).toBe(2);
    for (const k of [
      'KAFKA_BROKERS',
      'MONGO_URL',
      'SCHEMA_REGISTRY_URL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'PORT',
      'SERVICE_NAME',
    ])
      expect(l.environment?.[k]).toBeDefined();
    expect(JSON.stringify(l.healthcheck?.test)).toContain('/health/ready');
    const dockerfile = fs.readFileSync(path.join(root, 'services/ledger/Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('depends only on services it declares and mounts only files that exist', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps)
        expect({ name, dep: d, exists: d in compose.services }).toEqual({ name, dep: d, exists: true });
      for (const v of s.volumes ?? []) {
        const host = v.split(':')[0] as string;
        if (host.startsWith('./'))
          expect({ name, host, exists: fs.existsSync(path.join(root, host)) }).toEqual({
            name,
            host,
            exists: true,
          });
      }
    }
  });

  it('passes `docker compose config`', () => {
    // The docker CLI's compose plugin where installed, else the Compose CLI
    // that infra/local/install.sh builds into the cache (no engine needed).
    const cache = process.env.CARDLINE_CACHE ?? path.join(os.homedir(), '.cache', 'cardline');
    const version = process.env.COMPOSE_VERSION ?? 'v2.32.4';
    const cached = path.join(cache, `compose-${version}`, 'docker-compose');
    const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
    if (!plugin && !fs.existsSync(cached))
      throw new Error(`no Compose CLI: run bash infra/local/install.sh compose (expected ${cached})`);
    const [cmd, args] = plugin ? ['docker', ['compose']] : [cached, []];
    const r = spawnSync(cmd, [...args, '-f', file, 'config', '-q'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
