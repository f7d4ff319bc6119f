/*
 * B5: what the gateway adds to a request. The same authenticated GET on the
 * cards service, called directly and through the gateway, interleaved in one
 * run on the same servers; the gateway's cost is the difference of the
 * percentiles. Target: < 1 ms at p50 and < 3 ms at p99 (issue 6).
 */
import { randomUUID } from 'node:crypto';
import { createLogger, mintToken } from '@cardline/platform';
import { createCards, loadCardsConfig } from '@cardline/cards/dist/cards';
import { createGateway, loadGatewayConfig } from '@cardline/gateway/dist/gateway';
import type { BenchRow } from './report';

const ROUNDS = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 2000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await fetch(url, { headers });
  await r.arrayBuffer();
  if (r.status !== 404 && r.status !== 200) throw new Error(`unexpected HTTP ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function runGatewayBench(): Promise<BenchRow[]> {
  const config = loadCardsConfig({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGO_URL: process.env.MONGO_URL,
    SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL,
    SERVICE_NAME: 'cards',
    PORT: '0',
    LOG_LEVEL: 'warn',
    MONGO_DB: `bench_gw_${randomUUID().slice(0, 8)}`,
    GROUP_SUFFIX: `.bench-${randomUUID().slice(0, 8)}`,
    CONSUME_FROM: new Date().toISOString(),
  });
  const cards = await createCards(config, createLogger('cards', 'warn'));
  await cards.start();
  const gw = createGateway(
    loadGatewayConfig({
      PORT: '0',
      CARDS_URL: `http://127.0.0.1:${cards.port}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: String(ROUNDS * 10),
    }),
    createLogger('gateway', 'warn'),
  );
  await gw.start();
  try {
    const auth = {
      authorization: `Bearer ${await mintToken(config, { subject: 'bench', roles: ['agent'] })}`,
    };
    // A card that does not exist: the cards service answers from one indexed lookup.
    const direct = `http://127.0.0.1:${cards.port}/v1/cards/crd_bench`;
    const viaGateway = `http://127.0.0.1:${gw.port}/cards/v1/cards/crd_bench`;
    for (let i = 0; i < 200; i++) await Promise.all([timed(direct, auth), timed(viaGateway, auth)]); // warm up
    const d: number[] = [];
    const g: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      d.push(await timed(direct, auth));
      g.push(await timed(viaGateway, auth));
    }
    const row = (p: number, target: number): BenchRow => {
      const added = pct(g, p) - pct(d, p);
      return {
        id: `B5-p${p}`,
        name: `gateway overhead, p${p} (authenticated GET on cards, ${ROUNDS} interleaved calls)`,
        ours: { label: 'through the gateway', value: pct(g, p), unit: 'ms' },
        reference: { label: 'direct to cards', value: pct(d, p), unit: 'ms' },
        ratio: pct(d, p) / pct(g, p),
        target: 0,
        absolute: { text: `adds < ${target} ms`, met: added < target },
        note: `the gateway added ${added.toFixed(2)} ms at p${p}`,
      };
    };
    return [row(50, 1), row(99, 3)];
  } finally {
    await gw.stop();
    await cards.stop();
  }
}
