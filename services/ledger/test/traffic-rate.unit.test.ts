import { achievedRate, runTraffic } from '../src/traffic/generator';

describe('the traffic generator reports the rate it achieved', () => {
  it('answers per second over the window', () => {
    expect(achievedRate(350, 0, 10_000)).toBe(35);
    expect(achievedRate(1351, 351, 10_000)).toBe(100);
  });

  it('an empty window is 0, never a division by zero', () => {
    expect(achievedRate(5, 5, 10_000)).toBe(0);
    expect(achievedRate(5, 0, 0)).toBe(0);
  });
});

describe('the traffic generator at rate 0 (TRAFFIC_RATE=0 npm start)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('opens the demo accounts and posts nothing', async () => {
    const calls: string[] = [];
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      calls.push(`${init?.method} ${String(url)}`);
      return new Response('{}', { status: 201 });
    });
    await expect(
      runTraffic({ baseUrl: 'http://ledger', token: 't', ratePerSecond: 0, accounts: 3 }),
    ).resolves.toBe(0);
    expect(calls).toEqual([
      'POST http://ledger/v1/accounts',
      'POST http://ledger/v1/accounts',
      'POST http://ledger/v1/accounts',
    ]);
  });
});
