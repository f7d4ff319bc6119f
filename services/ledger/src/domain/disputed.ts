/** How much is under dispute: held out of collection, finance charge and past due (holds.ts). */
import type { AccountState, DisputeHold } from './account';

export type Held = { total: number; fees: number };

/** What is held out of collection right now. */
export function heldAmount(s: AccountState): Held {
  return heldIn(s.disputeHolds ?? []);
}

export function heldIn(holds: readonly DisputeHold[]): Held {
  return {
    total: holds.reduce((n, h) => n + h.amount, 0),
    fees: holds.filter((h) => h.isFee).reduce((n, h) => n + h.amount, 0),
  };
}
