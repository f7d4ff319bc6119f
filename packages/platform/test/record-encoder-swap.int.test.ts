import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The record encoder swap (docs/adr/0037) in a real Node process, where
// OpenTelemetry hooks require and caches modules as it first saw them: Jest's
// module registry has no such hook, so record-encoder.unit.test.ts cannot
// show this. Built files, as a service runs them; no server is needed.
const dist = path.resolve(__dirname, '..', 'dist');
/** What the script's last line of output says is in use (the SDK may log before it). */
function inUse(script: string): { encoder: string; why: string } {
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: dist,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as { encoder: string; why: string };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(dist, 'telemetry.js')))
    throw new Error(`${dist} is not built: run npx tsc -b first`);
});

it("is in place when a service starts telemetry first, as every service's instrument.ts does", () => {
  expect(
    inUse(`
      require('./telemetry').startTelemetry('probe', { ZIPKIN_URL: 'http://127.0.0.1:1' });
      const { createKafka, createLogger, useCardlineRecordEncoder } = require('./index');
      createKafka({ clientId: 'probe', brokers: ['127.0.0.1:1'], logger: createLogger('probe', 'silent') });
      console.log(JSON.stringify(useCardlineRecordEncoder()));`),
  ).toEqual({ encoder: 'cardline', why: 'one exact-size buffer a record' });
});

it('is reported as not in place when the require hook came first, so the service warns', () => {
  expect(
    inUse(`
      const { NodeSDK } = require('@opentelemetry/sdk-node');
      const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
      require('kafkajs/src/protocol/recordBatch/record/v0');
      new NodeSDK({ instrumentations: [new HttpInstrumentation()] }).start();
      console.log(JSON.stringify(require('./kafka/kafkajs-record-swap').useCardlineRecordEncoder()));
      process.exit(0);`),
  ).toEqual({ encoder: 'kafkajs', why: expect.stringContaining('a require hook kept the original') });
});
