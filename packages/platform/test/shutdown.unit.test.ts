import pino from 'pino';
import { Shutdown } from '../src/runtime/shutdown';

function logged() {
  const lines: { msg: string; closer?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

describe('Shutdown', () => {
  it('runs closers in reverse order of registration, once', async () => {
    const { logger } = logged();
    const order: string[] = [];
    const s = new Shutdown(logger);
    for (const name of ['telemetry', 'consumers', 'http']) s.add(name, () => void order.push(name));
    await expect(Promise.all([s.run(), s.run()])).resolves.toEqual([true, true]);
    expect(order).toEqual(['http', 'consumers', 'telemetry']);
  });

  it('leaves a closer that takes too long behind, naming it, and still runs the rest', async () => {
    const { logger, lines } = logged();
    const order: string[] = [];
    const s = new Shutdown(logger, 50);
    s.add('telemetry', () => void order.push('telemetry'));
    s.add('exporter with no collector', () => new Promise<void>(() => undefined));
    s.add('http', () => void order.push('http'));
    const started = Date.now();
    await expect(s.run()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(order).toEqual(['http', 'telemetry']);
    expect(lines).toContainEqual(
      expect.objectContaining({
        closer: 'exporter with no collector',
        msg: 'closer did not finish in time; shutting down without it',
      }),
    );
  });

  it('goes on past a closer that throws, and says the stop was not clean', async () => {
    const { logger, lines } = logged();
    const s = new Shutdown(logger, 50);
    let closed = false;
    s.add('mongo', () => void (closed = true));
    s.add('consumers', () => Promise.reject(new Error('broker gone')));
    await expect(s.run()).resolves.toBe(false);
    expect(closed).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ closer: 'consumers', msg: 'error while shutting down' }),
    );
  });
});
