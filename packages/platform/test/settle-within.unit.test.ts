import { HealthChecks } from '../src/runtime/health';
import { settleWithin } from '../src/runtime/settle-within';

describe('settleWithin', () => {
  it('says done for work that resolves in time, late for work that does not, and passes a rejection through', async () => {
    await expect(settleWithin(Promise.resolve(1), 50)).resolves.toBe('done');
    await expect(settleWithin(new Promise(() => undefined), 20)).resolves.toBe('late');
    await expect(settleWithin(Promise.reject(new Error('down')), 50)).rejects.toThrow('down');
  });
});

describe('a readiness check that does not answer', () => {
  it('is reported down with "timeout", beside the checks that answered', async () => {
    const health = new HealthChecks();
    health.add('mongo', async () => undefined);
    health.add('kafka', () => new Promise<void>(() => undefined));
    await expect(health.check(20)).resolves.toMatchObject({
      ready: false,
      checks: { mongo: { ok: true }, kafka: { ok: false, error: 'timeout' } },
    });
  });
});
