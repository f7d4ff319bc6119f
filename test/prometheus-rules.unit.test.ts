import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { binary } from '../scripts/lib/prometheus';
import { knownMetrics, metricsIn, ruleFiles } from './support/metric-names';

// promtool comes with Debian's prometheus package, which infra/local/install.sh
// installs for .ci/run; a machine without it fails here rather than skipping the rules.
const root = path.resolve(__dirname, '..');
const promtool = binary('promtool');
const tests = fs
  .readdirSync(path.join(root, 'infra/prometheus/tests'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `infra/prometheus/tests/${f}`);
const run = (args: string[]): string => {
  if (!promtool) throw new Error('promtool not found: run `bash infra/local/install.sh prometheus`');
  return execFileSync(promtool, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
};
const alerts = ruleFiles().flatMap(({ rules }) =>
  rules.groups.flatMap((g) =>
    g.rules.flatMap((r) =>
      r.alert
        ? [r as { alert: string; labels?: Record<string, string>; annotations?: Record<string, string> }]
        : [],
    ),
  ),
);

describe('Prometheus rules', () => {
  it('promtool is installed (infra/local/install.sh prometheus)', () => {
    expect(promtool).not.toBeNull();
  });

  it.each(ruleFiles().map((r) => r.file))('%s passes promtool check rules', (file) => {
    expect(run(['check', 'rules', file])).toMatch(/SUCCESS/);
  });

  it.each(tests)('%s passes promtool test rules', (file) => {
    expect(run(['test', 'rules', file])).toMatch(/SUCCESS/);
  });

  it('has a promtool test for every alert', () => {
    const tested = tests.map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
    for (const a of alerts) expect(tested).toContain(`alertname: ${a.alert}`);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))(
    '%s names its runbook in docs/runbooks and a severity',
    (_n, a) => {
      const runbook = a.annotations?.runbook_url ?? '';
      expect(runbook).toMatch(/^docs\/runbooks\/[a-z-]+\.md$/);
      expect(fs.existsSync(path.join(root, runbook))).toBe(true);
      expect(['page', 'ticket']).toContain(a.labels?.severity);
    },
  );

  it('queries only metrics the services export or the rules record', () => {
    const known = knownMetrics();
    const exprs = ruleFiles().flatMap(({ rules }) => rules.groups.flatMap((g) => g.rules.map((r) => r.expr)));
    const unknown = exprs.flatMap(metricsIn).filter((m) => !known.has(m));
    expect(unknown).toEqual([]);
  });
});

describe('metricsIn', () => {
  it('finds the selected names, not functions, labels, keywords or durations', () => {
    expect(
      metricsIn(
        'sum by (service, le) (rate(http_request_duration_seconds_bucket{le="0.25",route=~"/a|b"}[5m])) / ignoring(le) gateway:x:rate5m > 0.5 and on() up',
      ).sort(),
    ).toEqual(['gateway:x:rate5m', 'http_request_duration_seconds_bucket', 'up']);
  });
});
