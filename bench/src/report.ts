import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchRow {
  id: string;
  name: string;
  ours: { label: string; value: number; unit: string };
  reference: { label: string; value: number; unit: string };
  ratio: number;
  target: number;
  /** For absolute targets (e.g. "adds < 1 ms"): replaces the ratio test and its column. */
  absolute?: { text: string; met: boolean };
  note?: string;
}

/** Writes results as JSON and a Markdown table under bench/results/. */
export function writeReport(name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): void {
  const dir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const meta = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    ...extra,
  };
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ meta, rows }, null, 2) + '\n');
  const md = [
    `# ${name}`,
    '',
    `Measured ${meta.when} on ${meta.cpus} cores (${meta.cpu}), Node ${meta.node}${extra.store ? `, store ${String(extra.store)}` : ''}. Ratios compare numbers taken in the same run.`,
    '',
    '| id | benchmark | ours | reference | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.name} | ${fmt(r.ours.value)} ${r.ours.unit} (${r.ours.label}) | ${fmt(r.reference.value)} ${r.reference.unit} (${r.reference.label}) | ${r.ratio.toFixed(2)} | ${r.absolute ? r.absolute.text : `≥ ${r.target}`} | ${(r.absolute ? r.absolute.met : r.ratio >= r.target) ? 'yes' : 'NO'} |`,
    ),
    '',
    ...rows.filter((r) => r.note).map((r) => `- ${r.id}: ${r.note}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, `${name}.md`), md);
  process.stdout.write(md + '\n');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
