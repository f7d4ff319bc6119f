import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { knownMetrics, metricsIn } from './support/metric-names';

// Dashboards of the compose stack: the overview (infra/compose/grafana) and the
// SRE set (infra/grafana/dashboards), provisioned by docker-compose.yml.
const root = path.resolve(__dirname, '..');
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
const dirs = ['infra/compose/grafana/dashboards', 'infra/grafana/dashboards'];
const files = dirs.flatMap((d) =>
  fs
    .readdirSync(path.join(root, d))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${d}/${f}`),
);

type Target = { expr: string; exemplar?: boolean; datasource?: { uid?: string } };
type Panel = {
  title: string;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults?: { unit?: string; links?: { url: string }[] } };
  targets: Target[];
};
type Dashboard = { uid: string; title: string; panels: Panel[] };
const dashboards = files.map((f) => [f, JSON.parse(read(f)) as Dashboard] as const);

const datasources = fs.readdirSync(path.join(root, 'infra/compose/grafana/provisioning/datasources')).flatMap(
  (f) =>
    (
      parse(read(`infra/compose/grafana/provisioning/datasources/${f}`)) as {
        datasources: { uid: string; type: string }[];
      }
    ).datasources,
);
const uidOf = (type: string) => datasources.find((d) => d.type === type)?.uid;
const isLatency = (p: Panel) => p.fieldConfig?.defaults?.unit === 's' && /latency/i.test(p.title);

describe('Grafana dashboards', () => {
  it('covers RED, Kafka lag, outbox, dead letters and timers', () => {
    expect(files).toEqual(
      expect.arrayContaining(
        ['red', 'kafka-lag', 'outbox', 'dlq', 'timers'].map((n) => `infra/grafana/dashboards/${n}.json`),
      ),
    );
    const uids = dashboards.map(([, d]) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(dashboards)(
    '%s queries the provisioned Prometheus datasource on every panel and target',
    (_f, d) => {
      expect(uidOf('prometheus')).toBe('prometheus');
      for (const p of d.panels) {
        expect(p.datasource).toEqual({ type: 'prometheus', uid: uidOf('prometheus') });
        for (const t of p.targets) expect(t.datasource?.uid ?? p.datasource?.uid).toBe(uidOf('prometheus'));
      }
    },
  );

  it.each(dashboards)('%s names only metrics the services export or the rules record', (_f, d) => {
    const known = knownMetrics();
    const unknown = d.panels
      .flatMap((p) => p.targets.flatMap((t) => metricsIn(t.expr)))
      .filter((m) => !known.has(m));
    expect(unknown).toEqual([]);
  });

  it('links every SRE latency panel to Zipkin: exemplars with trace ids and a link to the service traces', () => {
    const latency = dashboards
      .filter(([f]) => f.startsWith('infra/grafana/'))
      .flatMap(([, d]) => d.panels.filter(isLatency));
    expect(latency.length).toBeGreaterThanOrEqual(3);
    for (const p of latency) {
      expect(p.targets.every((t) => t.exemplar === true)).toBe(true);
      expect(p.fieldConfig?.defaults?.links?.map((l) => l.url)).toEqual([
        expect.stringMatching(
          /^http:\/\/localhost:9411\/zipkin\/\?serviceName=\$\{__field\.labels\.service\}/,
        ),
      ]);
    }
    const prom = datasources.find((d) => d.type === 'prometheus') as unknown as {
      jsonData: { exemplarTraceIdDestinations: { name: string; datasourceUid: string }[] };
    };
    expect(prom.jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: uidOf('zipkin') },
    ]);
  });

  it('is provisioned from the folders docker-compose.yml mounts', () => {
    const compose = parse(read('docker-compose.yml')) as { services: { grafana: { volumes: string[] } } };
    const providers = (
      parse(read('infra/compose/grafana/provisioning/dashboards/cardline.yml')) as {
        providers: { options: { path: string } }[];
      }
    ).providers.map((p) => p.options.path);
    for (const dir of dirs)
      expect(providers).toContain(
        compose.services.grafana.volumes.find((v) => v.startsWith(`./${dir}:`))?.split(':')[1],
      );
  });
});
