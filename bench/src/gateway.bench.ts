/*
 * B5: what the gateway adds to a request. Cards and the gateway run as their
 * own processes (their built main.js, as deployed), and the same
 * authenticated GET goes to cards directly, through the gateway, and through
 * a bare Node proxy (bare-proxy.ts: the least any Node hop costs on this
 * machine), interleaved in one run. The gateway's cost is the difference of
 * the percentiles; its CPU per request is read from /proc for the gateway
 * and the bare proxy alike. Target: < 1 ms at p50 and < 3 ms at p99 (issue 6).
 * Tracing is off in all three (no exporter), so this is the gateway's code.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mintToken } from '@cardline/platform';
import { loadGatewayConfig } from '@cardline/gateway/dist/gateway';
import { freePort, spawnService, type ServiceProcess } from '../../scripts/lib/processes';
import type { BenchRow } from './report';

const ROUNDS = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 3000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await fetch(url, { headers });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`unexpected HTTP ${r.status} from ${url}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function bareProxy(upstream: string): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-proxy.js'), String(port), upstream], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare proxy exited with ${code}`)));
  });
  return {
    name: 'bare-proxy',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    output: () => '',
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

export async function runGatewayBench(): Promise<BenchRow[]> {
  const tag = randomUUID().slice(0, 8);
  const noTracing = { ZIPKIN_URL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' };
  const started: ServiceProcess[] = [];
  try {
    const cards = await spawnService('cards', {
      ...noTracing,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
      MONGO_URL: process.env.MONGO_URL ?? '',
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? '',
      MONGO_DB: `bench_gw_${tag}`,
      VAULT_DB: `bench_gw_${tag}_vault`,
      GROUP_SUFFIX: `.bench-${tag}`,
      CONSUME_FROM: new Date().toISOString(),
    });
    started.push(cards);
    const gateway = await spawnService('gateway', {
      ...noTracing,
      CARDS_URL: cards.url,
      RATE_LIMIT_PER_MINUTE: String(ROUNDS * 10),
    });
    started.push(gateway);
    const bare = await bareProxy(cards.url);
    started.push(bare);

    const auth = {
      authorization: `Bearer ${await mintToken(loadGatewayConfig({}), { subject: 'bench', roles: ['agent'] })}`,
    };
    // An account with no cards: the cards service answers 200 from one indexed lookup.
    const direct = `${cards.url}/v1/accounts/acc_bench/cards`;
    const viaGateway = `${gateway.url}/cards/v1/accounts/acc_bench/cards`;
    const viaBare = `${bare.url}/cards/v1/accounts/acc_bench/cards`;
    for (let i = 0; i < 300; i++)
      await Promise.all([timed(direct, auth), timed(viaGateway, auth), timed(viaBare, auth)]);
    const d: number[] = [];
    const g: number[] = [];
    const b: number[] = [];
    const cpu0 = { g: cpuMs(gateway.pid), b: cpuMs(bare.pid) };
    for (let i = 0; i < ROUNDS; i++) {
      d.push(await timed(direct, auth));
      g.push(await timed(viaGateway, auth));
      b.push(await timed(viaBare, auth));
    }
    const perCall = (now: number, before: number) => ((now - before) / ROUNDS) * 1000;
    const cpu = { g: perCall(cpuMs(gateway.pid), cpu0.g), b: perCall(cpuMs(bare.pid), cpu0.b) };

    const row = (p: number, target: number): BenchRow => {
      const added = pct(g, p) - pct(d, p);
      const floor = pct(b, p) - pct(d, p);
      return {
        id: `B5-p${p}`,
        name: `gateway overhead, p${p} (authenticated GET on cards, separate processes, ${ROUNDS} interleaved calls)`,
        ours: { label: 'through the gateway', value: pct(g, p), unit: 'ms' },
        reference: { label: 'direct to cards', value: pct(d, p), unit: 'ms' },
        ratio: pct(d, p) / pct(g, p),
        target: 0,
        absolute: { text: `adds < ${target} ms`, met: added < target },
        note: `the gateway added ${added.toFixed(2)} ms at p${p}; a bare Node proxy hop added ${floor.toFixed(2)} ms in the same run`,
      };
    };
    return [
      row(50, 1),
      row(99, 3),
      {
        id: 'B5-cpu',
        name: 'gateway CPU per proxied call vs a bare Node proxy (same calls, same run)',
        ours: { label: 'gateway', value: cpu.g, unit: 'µs/call' },
        reference: { label: 'bare Node proxy', value: cpu.b, unit: 'µs/call' },
        ratio: cpu.b / cpu.g,
        target: 0.5,
        note: `auth, rate limit, access log, metrics and request id cost ${(cpu.g - cpu.b).toFixed(0)} µs a call over the bare hop`,
      },
    ];
  } finally {
    for (const s of started.reverse()) await s.stop();
  }
}
