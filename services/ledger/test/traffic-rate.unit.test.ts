import { achievedRate } from '../src/traffic/generator';

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
