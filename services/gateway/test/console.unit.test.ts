import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { problemHandler, tokenVerifier } from '@cardline/platform';
import { loadGatewayConfig } from '../src/gateway';
import { consoleRoutes, issuesLocalTokens } from '../src/console';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Cardline console</title>');
fs.writeFileSync(path.join(dist, 'app.js'), 'void 0;');

function appFor(env: Record<string, string>) {
  const app = express();
  app.use(express.json());
  app.use(consoleRoutes(loadGatewayConfig(env), dist));
  app.use(problemHandler());
  return app;
}

const production = {
  CARDLINE_PROFILE: 'production',
  AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp.example.com/',
};

describe('the console mount', () => {
  it('serves the build and answers index.html for any path under /console (the app routes itself)', async () => {
    const app = appFor({});
    expect((await request(app).get('/console/app.js')).status).toBe(200);
    const deep = await request(app).get('/console/customers/cus_1');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('Cardline console');
  });

  it('mints a token for a console role on the local issuer, one the gateway itself accepts', async () => {
    const config = loadGatewayConfig({});
    const res = await request(appFor({})).post('/console/token').send({ role: 'collector' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'collector', subject: 'collector-console' });
    const principal = await tokenVerifier(config)(`Bearer ${res.body.token as string}`);
    expect(principal.roles).toEqual(['collector']);
  });

  it('refuses a role the console does not sign in as', async () => {
    const res = await request(appFor({})).post('/console/token').send({ role: 'admin' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('has no token endpoint where an identity provider issues the tokens', async () => {
    expect(issuesLocalTokens(loadGatewayConfig(production))).toBe(false);
    expect(issuesLocalTokens({ AUTH_ISSUER: 'cardline-local', AUTH_JWKS_URL: 'https://idp/jwks' })).toBe(
      false,
    );
    const res = await request(appFor(production)).post('/console/token').send({ role: 'agent' });
    expect(res.status).not.toBe(200);
    expect(res.body.token).toBeUndefined();
  });
});
