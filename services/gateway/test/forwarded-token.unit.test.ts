import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { authenticate, createLogger, mintToken, problemHandler, type AuthOptions } from '@cardline/platform';
import { createGateway, loadGatewayConfig, type Gateway } from '../src/gateway';

// Outside the local profile the gateway and each service check their own
// audience, and the gateway forwards the caller's token: a token listing both
// passes, one missing either is refused (docs/adr/0019-token-rules.md).
const keys = 'k1:a-production-like-signing-key-long-enough';
const issuer = 'cardline-test';
let ledger: Server;
let gateway: Gateway;

beforeAll(async () => {
  const auth: AuthOptions = {
    CARDLINE_PROFILE: 'production',
    SERVICE_NAME: 'ledger',
    AUTH_HS256_KEYS: [{ kid: 'k1', secret: 'a-production-like-signing-key-long-enough' }],
    AUTH_ISSUER: issuer,
  };
  const app = express();
  app.use('/v1', authenticate(auth));
  app.get('/v1/accounts', (req, res) => {
    res.json({ subject: req.principal?.subject });
  });
  app.use(problemHandler());
  ledger = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  gateway = createGateway(
    loadGatewayConfig({
      CARDLINE_PROFILE: 'production',
      AUTH_HS256_KEYS: keys,
      AUTH_ISSUER: issuer,
      PORT: '0',
      LEDGER_URL: `http://127.0.0.1:${(ledger.address() as AddressInfo).port}`,
    }),
    createLogger('gateway', 'silent'),
  );
  await gateway.start();
});

afterAll(async () => {
  await gateway.stop();
  await new Promise((resolve) => ledger.close(resolve));
});

async function through(audience: string[]): Promise<number> {
  const config = loadGatewayConfig({
    CARDLINE_PROFILE: 'production',
    AUTH_HS256_KEYS: keys,
    AUTH_ISSUER: issuer,
  });
  const token = await mintToken(config, { subject: 'agent-1', roles: ['agent'], audience });
  const res = await fetch(`http://127.0.0.1:${gateway.port}/ledger/v1/accounts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

describe('a token forwarded by the gateway, outside the local profile', () => {
  it('passes when it names the gateway and the service', async () => {
    expect(await through(['gateway', 'ledger'])).toBe(200);
  });

  it('is refused by the service when it names only the gateway, and by the gateway when it names only the service', async () => {
    expect(await through(['gateway'])).toBe(401);
    expect(await through(['ledger'])).toBe(401);
  });

  it('is refused for the platform audience, which only the local profile accepts', async () => {
    expect(await through(['cardline-internal'])).toBe(401);
  });
});
