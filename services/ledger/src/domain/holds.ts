/**
 * Disputed amounts (from disputes' events): held out of collection, finance
 * charge and past due while the dispute is open, released when it resolves.
 */
import type { AccountCommandOf, AccountEvent, AccountState } from './account';

/** What is held out of collection right now. */
export function heldAmount(s: AccountState): { total: number; fees: number } {
  const holds = s.disputeHolds ?? [];
  return {
    total: holds.reduce((n, h) => n + h.amount, 0),
    fees: holds.filter((h) => h.isFee).reduce((n, h) => n + h.amount, 0),
  };
}

export function placeHold(cmd: AccountCommandOf<'PlaceHold'>, s: AccountState): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (holds.some((h) => h.disputeId === cmd.hold.disputeId)) return [];
  return [{ type: 'holds-changed', payload: { holds: [...holds, cmd.hold] } }];
}

export function releaseHold(cmd: AccountCommandOf<'ReleaseHold'>, s: AccountState): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (!holds.some((h) => h.disputeId === cmd.disputeId)) return [];
  return [{ type: 'holds-changed', payload: { holds: holds.filter((h) => h.disputeId !== cmd.disputeId) } }];
}
