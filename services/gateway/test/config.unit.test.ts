import { loadGatewayConfig } from '../src/gateway';
import { API_PATH } from '../src/api-path';
import { consume, perPrincipalLimiter } from '../src/rate-limit';

describe('gateway configuration and routing rules', () => {
  it('reads BODY_LIMIT as bytes, kb or mb, and refuses anything else', () => {
    expect(loadGatewayConfig({}).BODY_LIMIT).toBe(256 * 1024);
    expect(loadGatewayConfig({ BODY_LIMIT: '1mb' }).BODY_LIMIT).toBe(1024 * 1024);
    expect(loadGatewayConfig({ BODY_LIMIT: '5000' }).BODY_LIMIT).toBe(5000);
    expect(() => loadGatewayConfig({ BODY_LIMIT: 'lots' })).toThrow(/BODY_LIMIT/);
  });

  it('sends /<service>/v1/… down the proxy path and leaves docs, health and metrics to the app', () => {
    const m = API_PATH.exec('/cards/v1/cards/crd_1?x=1');
    expect([m?.[1], m?.[2], m?.[3]]).toEqual(['cards', '/v1/cards/crd_1', '?x=1']);
    for (const p of ['/openapi.json', '/docs', '/health/ready', '/metrics', '/cards/v2/x'])
      expect(API_PATH.exec(p)).toBeNull();
  });

  it('lets a principal make its calls for the minute, then tells how long to wait', async () => {
    const limiter = perPrincipalLimiter(2);
    expect(await consume(limiter, 'a')).toBeNull();
    expect(await consume(limiter, 'a')).toBeNull();
    const third = await consume(limiter, 'a');
    expect(third?.retryAfterSeconds).toBeGreaterThan(0);
    expect(third?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await consume(limiter, 'b')).toBeNull(); // another principal has its own budget
  });
});
