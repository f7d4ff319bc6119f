import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { startTelemetry } from '../src/telemetry';

// The SDK as a service starts it (src/telemetry.ts), on the one matched set of
// OpenTelemetry packages: a span ends up at the Zipkin endpoint, named and
// attributed to the service.

let server: Server;
let zipkin: string;
const posts: { url: string; spans: { name: string; localEndpoint?: { serviceName?: string } }[] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push({ url: req.url ?? '', spans: JSON.parse(body) as (typeof posts)[number]['spans'] });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  zipkin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('exports a span to Zipkin under the service name, flushed at shutdown', async () => {
  const telemetry = startTelemetry('telemetry-test', { ZIPKIN_URL: `${zipkin}/` });
  trace.getTracer('test').startActiveSpan('send test.thing', (span) => span.end());
  await telemetry.shutdown();
  const spans = posts.filter((p) => p.url === '/api/v2/spans').flatMap((p) => p.spans);
  expect(spans).toContainEqual(
    expect.objectContaining({
      name: 'send test.thing',
      localEndpoint: expect.objectContaining({ serviceName: 'telemetry-test' }),
    }),
  );
});

it('starts nothing when no exporter is configured', async () => {
  const telemetry = startTelemetry('telemetry-test', {});
  await expect(telemetry.shutdown()).resolves.toBeUndefined();
});
