import { services } from '@cardline/schemas';
import { bannerLines, declared, processes, withKafkaPrincipal } from '../scripts/lib/services';

// `npm start` cannot run in the unit tier; what it would run can be checked.
describe('npm start', () => {
  const plan = processes(declared(), 'simulated');

  it('starts every declared service on its port with its own settings, then the gateway', () => {
    expect(plan.map((p) => p.name)).toEqual([...services.map((s) => s.name), 'gateway']);
    for (const s of services)
      expect(plan.find((p) => p.name === s.name)).toEqual({
        name: s.name,
        port: s.port,
        env: { CLOCK: 'simulated', ...s.startEnv },
      });
    expect(plan.find((p) => p.name === 'ledger')?.env.EOD_POLL_MS).toBe('60000');
    expect(plan.find((p) => p.name === 'ticketing')?.env.CLOCK_POLL_MS).toBe('15000');
  });

  it('points the gateway at every service through its URL setting', () => {
    const gateway = plan.at(-1);
    expect(gateway?.port).toBe(8100);
    expect(gateway?.env).toEqual(
      Object.fromEntries(services.map((s) => [s.gateway.urlEnv, `http://127.0.0.1:${s.port}`])),
    );
    expect(gateway?.env.LEDGER_URL).toBe('http://127.0.0.1:8101');
  });

  it('prints one banner line per service: where it listens and what it does', () => {
    const lines = bannerLines(declared());
    expect(lines[0]).toMatch(/^ {2}gateway {9}http:\/\/127\.0\.0\.1:8100 {2}the one entry/);
    for (const s of services)
      expect(lines).toContain(`  ${`${s.name} API`.padEnd(15)} http://127.0.0.1:${s.port}  ${s.description}`);
  });
});

describe('the Kafka principal each process gets (docs/adr/0029-kafka-principals-acls.md)', () => {
  const env = {
    KAFKA_BROKERS: '127.0.0.1:19092',
    KAFKA_SASL_USERNAME: 'admin',
    KAFKA_SASL_PASSWORD: 'admin-pw',
    KAFKA_PASSWORD_LEDGER: 'ledger-pw',
    KAFKA_PASSWORD_CARDS: 'cards-pw',
  };

  it('a service runs as its own principal and sees no other principal password', () => {
    expect(withKafkaPrincipal('ledger', env)).toEqual({
      KAFKA_BROKERS: '127.0.0.1:19092',
      KAFKA_SASL_USERNAME: 'ledger',
      KAFKA_SASL_PASSWORD: 'ledger-pw',
    });
  });

  it('a process without Kafka (the gateway) gets no principal at all', () => {
    expect(withKafkaPrincipal('gateway', env, false)).toEqual({ KAFKA_BROKERS: '127.0.0.1:19092' });
  });

  it('without a password of its own a service keeps the principal it was given', () => {
    expect(withKafkaPrincipal('sales', env)).toMatchObject({ KAFKA_SASL_USERNAME: 'admin' });
  });
});
