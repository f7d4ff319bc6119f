import { createLogger, StoreWatchdog } from '../src';

const logger = createLogger('watchdog-test', 'silent');

function watchdog(pingOk: () => boolean) {
  let t = 0;
  const resets: number[] = [];
  const w = new StoreWatchdog({
    ping: async () => {
      if (!pingOk()) throw new Error('server selection timed out');
    },
    reset: async () => {
      resets.push(t);
    },
    logger,
    afterMs: 45_000,
    now: () => t,
  });
  return { w, resets, at: (ms: number) => (t = ms) };
}

describe('the store watchdog', () => {
  it('resets the client once the store has been unreachable for 45 s, not at 44.999 s, and again only after another 45 s', async () => {
    const { w, resets, at } = watchdog(() => false);
    at(0);
    await w.check();
    at(44_999);
    await w.check();
    expect(resets).toEqual([]);
    at(45_000);
    await w.check();
    expect(resets).toEqual([45_000]);
    at(89_999);
    await w.check();
    at(90_000);
    await w.check();
    expect(resets).toEqual([45_000, 90_000]);
  });

  it('a store that answers again restarts the count: short outages never reset', async () => {
    let ok = false;
    const { w, resets, at } = watchdog(() => ok);
    for (let round = 0; round < 5; round++) {
      ok = false;
      at(round * 100_000);
      await w.check();
      at(round * 100_000 + 40_000);
      await w.check();
      ok = true;
      at(round * 100_000 + 41_000);
      await w.check();
    }
    expect(resets).toEqual([]);
    expect(w.resets).toBe(0);
  });

  it('a reset whose connect failed is tried again on the next round, not 45 s later', async () => {
    let t = 0;
    let failResets = 1;
    const resets: number[] = [];
    const w = new StoreWatchdog({
      ping: async () => {
        throw new Error('down');
      },
      reset: async () => {
        resets.push(t);
        if (failResets-- > 0) throw new Error('connect refused');
      },
      logger,
      afterMs: 45_000,
      now: () => t,
    });
    await w.check();
    t = 45_000;
    await w.check();
    t = 50_000;
    await w.check();
    t = 55_000;
    await w.check();
    expect(resets).toEqual([45_000, 50_000]);
  });

  it('stop waits for the round in progress and no reset follows it', async () => {
    let release: () => void = () => undefined;
    let resets = 0;
    let t = 0;
    const w = new StoreWatchdog({
      ping: () =>
        new Promise<void>((_resolve, reject) => {
          release = () => reject(new Error('down'));
        }),
      reset: async () => {
        resets++;
      },
      logger,
      afterMs: 0,
      now: () => t,
    });
    const round = w.check();
    const stopped = w.stop();
    t = 100_000;
    release();
    await stopped;
    await round;
    expect(resets).toBe(0);
  });
});
