import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

/** Names the platform and the gateway register, histograms with their series. */
export function exportedMetrics(): Set<string> {
  const src = ['packages/platform/src/observability/metrics.ts', 'services/gateway/src/upstream-red.ts']
    .map(read)
    .join('\n');
  const names = new Set<string>();
  for (const m of src.matchAll(/new (Counter|Gauge|Histogram)\(\{\s*name: '([a-z_:]+)'/g)) {
    const [, kind, name] = m as unknown as [string, string, string];
    names.add(name);
    if (kind === 'Histogram') for (const s of ['_bucket', '_count', '_sum']) names.add(name + s);
  }
  return names;
}

type RuleFile = { groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[] };

export const ruleFiles = (): { file: string; rules: RuleFile }[] =>
  ['infra/prometheus/rules/recording.yml', 'infra/prometheus/rules/alerts.yml'].map((file) => ({
    file,
    rules: parse(read(file)) as RuleFile,
  }));

export function recordedMetrics(): Set<string> {
  return new Set(
    ruleFiles().flatMap(({ rules }) => rules.groups.flatMap((g) => g.rules.flatMap((r) => r.record ?? []))),
  );
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression selects (functions, keywords, labels, literals and Grafana variables left out). */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\{?\w+\}?/g, '');
  const names = new Set<string>();
  for (const m of bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, word, call] = m as unknown as [string, string, string | undefined];
    if (call || KEYWORDS.has(word.toLowerCase()) || /^\d/.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

/** Every name a dashboard or rule may query: exported, recorded, or Prometheus' own. */
export function knownMetrics(): Set<string> {
  return new Set([...exportedMetrics(), ...recordedMetrics(), 'up', 'ALERTS']);
}
