import { isKnownZone, LocalClock } from '../src/domain/local-time';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("the debtor's local clock", () => {
  it('reads the time of day and the local date on the wall clock', () => {
    const ny = new LocalClock('America/New_York');
    expect(ny.timeOfDay(at('2026-03-11T00:59:00Z'))).toBe((20 * 60 + 59) * 60_000);
    expect(ny.date(at('2026-03-11T00:59:00Z'))).toBe('2026-03-10');
  });

  it('gives the next 08:00 after a spring-forward night and after a fall-back night', () => {
    const ny = new LocalClock('America/New_York');
    expect(iso(ny.nextWallTime(at('2026-03-08T02:00:00Z'), '08:00'))).toBe('2026-03-08T12:00:00.000Z');
    expect(iso(ny.nextWallTime(at('2026-11-01T01:00:00Z'), '08:00'))).toBe('2026-11-01T13:00:00.000Z');
    expect(iso(ny.nextWallTime(at('2026-03-10T12:00:00Z'), '08:00'))).toBe('2026-03-10T12:00:00.000Z');
  });

  it('moves a wall time skipped by spring-forward to the end of the gap', () => {
    const ny = new LocalClock('America/New_York');
    // 02:30 does not exist on 2026-03-08: the clock reads 03:00 EDT at 07:00 UTC.
    expect(iso(ny.nextWallTime(at('2026-03-08T05:00:00Z'), '02:30'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('starts a day at the end of the gap where DST begins at midnight (Havana)', () => {
    const havana = new LocalClock('America/Havana');
    // 2026-03-08 00:00 is skipped: the day begins at 01:00 CDT, 05:00 UTC.
    expect(iso(havana.startOfNextDay(at('2026-03-07T12:00:00Z')))).toBe('2026-03-08T05:00:00.000Z');
  });

  it('takes the first of two instants a fall-back repeats', () => {
    const ny = new LocalClock('America/New_York');
    // 01:30 on 2026-11-01 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    expect(iso(ny.nextWallTime(at('2026-11-01T04:00:00Z'), '01:30'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('knows IANA zone names and refuses others', () => {
    expect(isKnownZone('Asia/Shanghai')).toBe(true);
    expect(isKnownZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => new LocalClock('Mars/Olympus_Mons').timeOfDay(0)).toThrow(RangeError);
  });
});
