import { inWindow, parseTime, windowOf } from '../src/window';
import { ranges } from '../src/read-window';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('time windows', () => {
  it('reads ISO times, epoch milliseconds, now and spans back from now', () => {
    expect(parseTime('2026-12-01T10:00:00Z', now)).toBe(Date.parse('2026-12-01T10:00:00Z'));
    expect(parseTime(String(now - 5), now)).toBe(now - 5);
    expect(parseTime('now', now)).toBe(now);
    expect(parseTime('15m', now)).toBe(now - 15 * 60_000);
    expect(parseTime('-2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseTime('7d', now)).toBe(now - 7 * 86_400_000);
    expect(() => parseTime('yesterday', now)).toThrow('not a time: yesterday');
  });

  it('is half-open: the start is in, the end is out', () => {
    const w = windowOf('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', now);
    expect(inWindow(w, Date.parse('2026-12-01T10:00:00Z'))).toBe(true);
    expect(inWindow(w, Date.parse('2026-12-01T10:59:59.999Z'))).toBe(true);
    expect(inWindow(w, Date.parse('2026-12-01T11:00:00Z'))).toBe(false);
    expect(inWindow(windowOf('1h', undefined, now), now + 60_000)).toBe(true);
  });

  it('refuses an end before its start', () => {
    expect(() => windowOf('1h', '2h', now)).toThrow('--to must be after --from');
  });
});

describe('offset ranges of a window', () => {
  const highs = [
    { partition: 0, high: '10' },
    { partition: 1, high: '4' },
  ];

  it('starts at the first offset at or after --from and ends before the first at or after --to', () => {
    expect(
      ranges(
        [
          { partition: 0, offset: '3' },
          { partition: 1, offset: '1' },
        ],
        [
          { partition: 0, offset: '8' },
          { partition: 1, offset: '-1' },
        ],
        highs,
      ),
    ).toEqual([
      { partition: 0, start: 3, end: 8 },
      { partition: 1, start: 1, end: 4 },
    ]);
  });

  it('reads a partition with nothing after --from as empty, and leaves the end open when following', () => {
    expect(ranges([{ partition: 1, offset: '-1' }], [{ partition: 1, offset: '-1' }], highs)).toEqual([
      { partition: 1, start: 4, end: 4 },
    ]);
    expect(ranges([{ partition: 0, offset: '2' }], null, highs)).toEqual([
      { partition: 0, start: 2, end: null },
    ]);
  });
});
