/* eslint-disable no-console */
import { runCodecBench } from './codec.bench';
import { runProduceBench } from './produce.bench';
import { runCardStatusBench } from './card-status.bench';
import { runGatewayBench } from './gateway.bench';
import { runTriageBench } from './triage.bench';
import { runWritePathBench } from './write-path.bench';
import { runCollectionsBench } from './collections.bench';
import { runConsumeBench } from './consume.bench';
import { runGrowthBench } from './growth.bench';
import { runPlatformRateBench } from './platform-rate.bench';
import { runConsoleViewBench } from './console-view.bench';
import { connectMongo } from '@cardline/platform';
import { writeReport, type BenchRow } from './report';

const benches: Record<string, () => Promise<BenchRow[]>> = {
  produce: runProduceBench,
  codec: runCodecBench,
  write: runWritePathBench,
  consume: runConsumeBench,
  growth: runGrowthBench,
  'card-status': runCardStatusBench,
  gateway: runGatewayBench,
  triage: runTriageBench,
  collections: runCollectionsBench,
  // Needs a running platform (npm start); without one its row says "not measured".
  platform: runPlatformRateBench,
  console: runConsoleViewBench,
};

/** Which Mongo-wire server the figures are from (FerretDB names itself in buildInfo). */
async function storeIdentity(): Promise<string> {
  const m = await connectMongo(process.env.MONGO_URL as string, 'admin');
  try {
    const info = (await m.db.admin().command({ buildInfo: 1 })) as Record<string, unknown>;
    const ferret = Object.entries(info).find(([k]) => k.toLowerCase().includes('ferretdb'));
    return ferret ? `FerretDB ${JSON.stringify(ferret[1])}` : `MongoDB ${String(info.version)}`;
  } finally {
    await m.close();
  }
}

async function main(): Promise<void> {
  // BENCH_ONLY=write,produce runs a subset and writes bench/results/write-produce.*;
  // the summary is only written by a full run.
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const rows: BenchRow[] = [];
  for (const [name, run] of Object.entries(benches)) {
    if (only && !only.includes(name)) continue;
    rows.push(...(await run()));
  }
  writeReport(only ? only.join('-') : 'summary', rows, {
    kafka: process.env.KAFKA_BROKERS,
    mongo: process.env.MONGO_URL,
    store: await storeIdentity().catch((err: unknown) => `unknown (${String(err)})`),
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
