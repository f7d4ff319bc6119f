import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, mintToken } from '@cardline/platform';
import { createGateway, loadGatewayConfig, type Gateway } from '../src/gateway';

// The gateway's own access line names who asked (subject and roles) once the
// token is verified, so a read through the gateway is attributable in its log
// as in the service's (docs/adr/0024-audit-trail.md); a request with no valid
// token names nobody, and the query string stays out of the line.
const lines: Record<string, unknown>[] = [];
let upstream: Server;
let gateway: Gateway;

beforeAll(async () => {
  const app = express();
  app.get('/v1/accounts/:id', (req, res) => void res.json({ id: req.params.id }));
  upstream = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  gateway = createGateway(
    loadGatewayConfig({
      PORT: '0',
      LEDGER_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    }),
    createLogger('gateway', 'info', { write: (s: string) => void lines.push(JSON.parse(s)) }),
  );
  await gateway.start();
});

afterAll(async () => {
  await gateway.stop();
  await new Promise((resolve) => upstream.close(resolve));
});

const accessLines = () => lines.filter((l) => /request (completed|errored)/.test(String(l.msg)));

it('names the caller and their roles on a proxied read, and nobody on a refused one', async () => {
  const config = loadGatewayConfig({});
  const token = await mintToken(config, { subject: 'agent-7', roles: ['agent'] });
  const ok = await fetch(`http://127.0.0.1:${gateway.port}/ledger/v1/accounts/acc_1?email=a@b.example`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(ok.status).toBe(200);
  const refused = await fetch(`http://127.0.0.1:${gateway.port}/ledger/v1/accounts/acc_2`);
  expect(refused.status).toBe(401);
  await new Promise((r) => setTimeout(r, 50));
  const [read, anonymous] = accessLines();
  expect(read).toMatchObject({ principal: 'agent-7', roles: ['agent'], res: { statusCode: 200 } });
  expect(JSON.stringify(read)).not.toContain('a@b.example');
  expect(anonymous).toMatchObject({ res: { statusCode: 401 } });
  expect(anonymous).not.toHaveProperty('principal');
});
