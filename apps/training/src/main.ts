#!/usr/bin/env node
import { mongo } from 'mongoose';
import { createLogger } from '@cardline/platform';
import { sandboxAuth } from './auth';
import { sandboxDb } from './names';
import { startSandbox, type Sandbox } from './sandbox';
import { trainingRoutes } from './routes';
import { Runner } from './runner';
import type { RunRecord } from './runs';

/**
 * The training sandbox as one process (docs/adr/0033-console-training-mode.md):
 * the services on their own databases and topics behind a gateway of their
 * own at TRAINING_PORT (default 8190), which serves the console in training
 * mode and the runner's API.
 */
async function main(): Promise<void> {
  const env = process.env;
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new Error(`${k} is not set`);
    return v;
  };
  const logger = createLogger('training', env.LOG_LEVEL ?? 'info');
  const client = new mongo.MongoClient(need('MONGO_URL'), { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const auth = sandboxAuth();
  // The routes go into the sandbox's gateway, which starts before the runner exists.
  const live: { sandbox?: Sandbox; runner?: Runner } = {};
  const routes = trainingRoutes(
    { ...auth, SERVICE_NAME: 'training' },
    () => {
      if (!live.runner) throw new Error('the training runner is still starting');
      return live.runner;
    },
    () => live.sandbox?.now() ?? new Date(),
  );
  const sandbox = await startSandbox(
    {
      KAFKA_BROKERS: need('KAFKA_BROKERS'),
      MONGO_URL: need('MONGO_URL'),
      SCHEMA_REGISTRY_URL: need('SCHEMA_REGISTRY_URL'),
      ...(env.KAFKA_SASL_USERNAME && {
        KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME,
        KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD ?? '',
      }),
    },
    {
      auth,
      port: Number(env.TRAINING_PORT ?? 8190),
      // The scenarios' calendar starts now and only moves forward, so a time the browser stamps is never in its future.
      clockStart: env.TRAINING_CLOCK_START ? new Date(env.TRAINING_CLOCK_START) : new Date(),
      logLevel: env.SANDBOX_LOG_LEVEL ?? 'warn',
      mongo: client,
      own: [routes],
      ...(env.TRAINING_INSTANCE && { instance: env.TRAINING_INSTANCE }),
    },
  );
  // The run records outlive a restart; the sandbox's own databases do not.
  const runs = client.db(sandboxDb('runs', env.TRAINING_INSTANCE)).collection<RunRecord>('runs');
  live.sandbox = sandbox;
  live.runner = new Runner(sandbox, runs, client, logger);
  logger.info({ port: sandbox.gateway.port }, 'training sandbox ready');
  // For whoever started this process and waits on it (scripts/start.js, the browser test).
  process.stdout.write(`TRAINING_READY http://127.0.0.1:${sandbox.gateway.port}\n`);
  const stop = async () => {
    await sandbox.stop();
    await client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`training failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
