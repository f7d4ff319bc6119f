#!/usr/bin/env node
// `npm run soak` (a benchmark, not a CI test): against a running `npm start`
// (start it with the rate to hold, e.g. `TRAFFIC_RATE=20 npm start`), samples
// every service's /metrics for SOAK_MINUTES (default 10) and reports consumer
// lag, outbox backlog and resident memory at the start and the end, then
// checks them against the soak targets (docs/architecture.md, "Observability"):
//   resident memory grows < 10 % per service, after a warm-up (default 5 min:
//   V8 grows its heap to its working size over the first minutes; measured at
//   20 tx/s, cards and disputes rose 12-14 % in minutes 1-11 and then stayed
//   flat), comparing the median of the first two minutes' samples with the
//   median of the last two (one RSS sample swings by 25 % around a GC);
//   total consumer lag and outbox backlog stay bounded (end <= max(start * 2, 100)).
// Writes bench/results/soak.md and exits 1 when a target is missed.
const fs = require('node:fs');
const path = require('node:path');
const { declared, local } = require('./lib/services');

const root = path.resolve(__dirname, '..');
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const warmupMs = Number(process.env.SOAK_WARMUP_MS ?? 300_000);
const WINDOW_MS = 120_000;
const services = declared().services.map((s) => ({ name: s.name, url: local(s.port) }));

/** Sum of a metric's samples in Prometheus text format (every label set). */
function sum(text, metric) {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    total += Number(line.trim().split(/\s+/).pop());
  }
  return total;
}

async function sample() {
  const out = {};
  for (const s of services) {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    out[s.name] = {
      rssMb: sum(text, 'process_resident_memory_bytes') / 1e6,
      heapMb: sum(text, 'nodejs_heap_size_used_bytes') / 1e6,
      lag: sum(text, 'cardline_consumer_lag'),
      outbox: sum(text, 'cardline_outbox_pending'),
      consumed: sum(text, 'cardline_messages_consumed_total'),
    };
  }
  return out;
}

async function main() {
  for (const s of services)
    if (
      !(await fetch(`${s.url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      throw new Error(
        `${s.name} is not ready at ${s.url}: start the platform first (TRAFFIC_RATE=20 npm start)`,
      );
  process.stderr.write(`soak: warming up ${warmupMs / 1000} s, then ${minutes} min\n`);
  await new Promise((r) => setTimeout(r, warmupMs));
  const start = await sample();
  const t0 = Date.now();
  const series = [{ at: 0, s: start }];
  let peak = { lag: 0, outbox: 0 };
  while (Date.now() - t0 < minutes * 60_000) {
    await new Promise((r) => setTimeout(r, 15_000));
    const now = await sample();
    series.push({ at: Date.now() - t0, s: now });
    const lag = Object.values(now).reduce((n, s) => n + s.lag, 0);
    const outbox = Object.values(now).reduce((n, s) => n + s.outbox, 0);
    peak = { lag: Math.max(peak.lag, lag), outbox: Math.max(peak.outbox, outbox) };
    process.stderr.write(`soak: ${Math.round((Date.now() - t0) / 1000)} s lag=${lag} outbox=${outbox}\n`);
  }
  const end = await sample();
  series.push({ at: Date.now() - t0, s: end });
  const last = series[series.length - 1].at;
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const over = (name, k, from, to) =>
    median(series.filter((p) => p.at >= from && p.at <= to).map((p) => p.s[name][k]));
  const rows = services.map(({ name }) => {
    const a = {
      ...start[name],
      rssMb: over(name, 'rssMb', 0, WINDOW_MS),
      heapMb: over(name, 'heapMb', 0, WINDOW_MS),
    };
    const b = {
      ...end[name],
      rssMb: over(name, 'rssMb', last - WINDOW_MS, last),
      heapMb: over(name, 'heapMb', last - WINDOW_MS, last),
    };
    const growth = (b.rssMb - a.rssMb) / a.rssMb;
    return { name, a, b, growth, ok: growth < 0.1 };
  });
  const total = (s, k) => Object.values(s).reduce((n, x) => n + x[k], 0);
  const bounded = (k) => total(end, k) <= Math.max(total(start, k) * 2, 100);
  const lines = [
    `# Soak: ${minutes} min at the running platform's traffic rate after ${warmupMs / 1000} s warm-up (${new Date().toISOString()})`,
    '',
    'Memory is the median of the first and of the last two minutes of samples (every 15 s).',
    '',
    '| service | RSS start MB | RSS end MB | growth | heap used start → end MB | messages consumed | target < 10 % |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.a.rssMb.toFixed(1)} | ${r.b.rssMb.toFixed(1)} | ${(r.growth * 100).toFixed(1)} % | ${r.a.heapMb.toFixed(1)} → ${r.b.heapMb.toFixed(1)} | ${r.b.consumed - r.a.consumed} | ${r.ok ? 'met' : 'MISSED'} |`,
    ),
    '',
    `consumer lag (all groups): start ${total(start, 'lag')}, end ${total(end, 'lag')}, peak ${peak.lag} — ${bounded('lag') ? 'bounded' : 'GROWING'}`,
    `outbox backlog (aggregates pending): start ${total(start, 'outbox')}, end ${total(end, 'outbox')}, peak ${peak.outbox} — ${bounded('outbox') ? 'bounded' : 'GROWING'}`,
  ];
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'soak.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
  if (!rows.every((r) => r.ok) || !bounded('lag') || !bounded('outbox')) process.exit(1);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
