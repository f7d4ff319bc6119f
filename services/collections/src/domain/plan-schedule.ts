/**
 * The repayment plan calculator (docs/domain.md#collections, "Plans"): a
 * total spread over instalments on the account's local calendar. Amounts are
 * whole minor units: every instalment is the total divided by the count,
 * rounded down, and the last takes the remainder, so they sum to the total
 * exactly. Monthly dates count from the first date (31 Jan → 28 Feb → 31
 * Mar), so a short month never shifts the rest.
 */
import { DateTime } from 'luxon';
import type { PlanFrequency } from './policy';

export interface ScheduledInstalment {
  amount: number;
  /** YYYY-MM-DD on the account's local calendar. */
  dueDate: string;
}

/** The date of instalment `index` (0 = the first date). */
export function instalmentDate(firstDate: string, frequency: PlanFrequency, index: number): string {
  const first = DateTime.fromISO(firstDate, { zone: 'UTC' });
  const at =
    frequency === 'MONTHLY'
      ? first.plus({ months: index })
      : first.plus({ days: index * (frequency === 'WEEKLY' ? 7 : 14) });
  return at.toISODate() ?? '';
}

/** The schedule of `count` instalments of `total` minor units from `firstDate`. */
export function scheduleInstalments(
  total: number,
  count: number,
  frequency: PlanFrequency,
  firstDate: string,
): ScheduledInstalment[] {
  if (!Number.isSafeInteger(total) || total <= 0)
    throw new RangeError('total must be a positive whole number');
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be at least 1');
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, index) => ({
    amount: index === count - 1 ? total - each * (count - 1) : each,
    dueDate: instalmentDate(firstDate, frequency, index),
  }));
}
