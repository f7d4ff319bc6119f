/*
 * B5: the platform end to end (issue 19, item 5). Against a running platform
 * (`npm start`), the traffic generator posts at rising rates, one step at a
 * time; a rate is sustained when the postings accepted keep up with it and
 * the services' outbox backlog and consumer lag stay bounded over the step
 * (the soak's rule, scripts/soak.js). Reports the highest rate sustained.
 *
 *   BENCH_ONLY=platform npm run bench      (with `npm start` running)
 *   BENCH_RATES=25,50,100,150,200,300,400  BENCH_RATE_STEP_S=60  BENCH_RATE_ACCOUNTS=100
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runTraffic } from '@cardline/ledger/dist/traffic/generator';
import { declared, local } from '../../scripts/lib/services';
import type { BenchRow } from './report';

const GOAL = 200; // postings/s on the embedded default, these 2 cores (issue 19)
const SAMPLE_MS = 10_000;
const root = path.resolve(__dirname, '..', '..');

/** Sum of a metric's samples in Prometheus text (every label set). */
function sum(text: string, metric: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    total += Number(line.trim().split(/\s+/).pop());
  }
  return total;
}

interface Backlog {
  lag: number;
  outbox: number;
}

async function backlog(urls: string[]): Promise<Backlog> {
  const texts = await Promise.all(urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text())));
  return {
    lag: texts.reduce((n, t) => n + sum(t, 'cardline_consumer_lag'), 0),
    outbox: texts.reduce((n, t) => n + sum(t, 'cardline_outbox_pending'), 0),
  };
}

/** Bounded as the soak judges it: the step's end at most twice its start, or under 100. */
const bounded = (start: number, end: number) => end <= Math.max(start * 2, 100);

/** A token from the local development key, as `npm start` mints the generator's. */
function mint(roles: string[]): string {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'scripts', 'token.js'),
      ...roles.flatMap((x) => ['--role', x]),
      '--subject',
      'bench-rate',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`minting a ${roles.join('+')} token failed: ${r.stderr}`);
  return r.stdout.trim();
}

interface Step {
  asked: number;
  achieved: number;
  start: Backlog;
  end: Backlog;
  peak: Backlog;
  sustained: boolean;
}

async function step(rate: number, seconds: number, accounts: number, urls: string[]): Promise<Step> {
  const services = declared().services;
  const port = (name: string) => services.find((s) => s.name === name)?.port as number;
  const controller = new AbortController();
  let accepted = 0;
  let failed: unknown;
  const traffic = runTraffic(
    {
      baseUrl: local(port('ledger')),
      token: mint(['card_processor', 'admin']),
      ratePerSecond: rate,
      accounts,
      maxInFlight: 64,
      cards: { baseUrl: local(port('cards')), token: mint(['agent']) },
      onResult: (r) => {
        if (r.status >= 200 && r.status < 300) accepted++;
      },
    },
    controller.signal,
  ).catch((err: unknown) => {
    failed = err;
    return 0;
  });
  // The step starts at the first accepted posting: accounts opened, cards activated.
  const waitUntil = Date.now() + 180_000;
  while (accepted === 0) {
    if (failed) throw failed;
    if (Date.now() > waitUntil) throw new Error(`no posting accepted within 180 s at ${rate}/s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const start = await backlog(urls);
  let peak = { ...start };
  let end = start;
  const from = accepted;
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    end = await backlog(urls);
    peak = { lag: Math.max(peak.lag, end.lag), outbox: Math.max(peak.outbox, end.outbox) };
  }
  const achieved = ((accepted - from) * 1000) / (Date.now() - t0);
  controller.abort();
  await traffic;
  return {
    asked: rate,
    achieved,
    start,
    end,
    peak,
    // 5 % slack: the generator's pacing and a slow answer at the window's edge.
    sustained: achieved >= 0.95 * rate && bounded(start.lag, end.lag) && bounded(start.outbox, end.outbox),
  };
}

export async function runPlatformRateBench(): Promise<BenchRow[]> {
  const rates = (process.env.BENCH_RATES ?? '25,50,100,150,200,300,400').split(',').map(Number);
  const seconds = Number(process.env.BENCH_RATE_STEP_S ?? 60);
  const accounts = Number(process.env.BENCH_RATE_ACCOUNTS ?? 100);
  const urls = declared().services.map((s) => local(s.port));
  const row = (best: number, note: string, measured = true): BenchRow => ({
    id: 'B5-rate',
    name: `platform end to end: highest posting rate sustained with outbox backlog and consumer lag bounded (steps of ${seconds} s)`,
    ours: { label: 'traffic generator, accepted postings', value: best, unit: 'postings/s' },
    reference: { label: 'goal', value: GOAL, unit: 'postings/s' },
    ratio: best / GOAL,
    target: 1,
    ...(measured ? {} : { absolute: { text: 'not measured', met: false } }),
    note,
  });
  const ready = await Promise.all(
    urls.map((u) =>
      fetch(`${u}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    ),
  );
  if (!ready.every(Boolean))
    return [
      row(
        0,
        'not measured: the platform is not running (start it with `npm start`, then run this row)',
        false,
      ),
    ];
  const steps: Step[] = [];
  for (const rate of rates) {
    const s = await step(rate, seconds, accounts, urls);
    steps.push(s);
    process.stderr.write(
      `B5-rate: asked ${rate}/s, achieved ${s.achieved.toFixed(1)}/s, lag ${s.start.lag} → ${s.end.lag}, outbox ${s.start.outbox} → ${s.end.outbox}\n`,
    );
    if (!s.sustained) break;
  }
  const best = Math.max(0, ...steps.filter((s) => s.sustained).map((s) => s.asked));
  const detail = steps
    .map(
      (s) =>
        `${s.asked}/s → ${s.achieved.toFixed(1)}/s, lag ${s.start.lag}→${s.end.lag} (peak ${s.peak.lag}), outbox ${s.start.outbox}→${s.end.outbox} (peak ${s.peak.outbox})${s.sustained ? '' : ' NOT sustained'}`,
    )
    .join('; ');
  return [
    row(
      best,
      `${accounts} accounts, beside the demo traffic npm start runs (TRAFFIC_RATE). Steps: ${detail}.`,
    ),
  ];
}
