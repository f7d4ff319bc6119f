/* eslint-disable no-console */
import { runCodecBench } from './codec.bench';
import { runProduceBench } from './produce.bench';
import { runCardStatusBench } from './card-status.bench';
import { runGatewayBench } from './gateway.bench';
import { runTriageBench } from './triage.bench';
import { runCollectionsBench } from './collections.bench';
import { writeReport } from './report';

async function main(): Promise<void> {
  const rows = [
    ...(await runProduceBench()),
    ...(await runCodecBench()),
    ...(await runCardStatusBench()),
    ...(await runGatewayBench()),
    ...(await runTriageBench()),
    ...(await runCollectionsBench()),
  ];
  writeReport('summary', rows, { kafka: process.env.KAFKA_BROKERS, mongo: process.env.MONGO_URL });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
