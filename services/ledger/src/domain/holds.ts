/**
 * Disputed amounts (from disputes' events): held out of collection, finance
 * charge and past due while the dispute is open, released when it resolves.
 * A dispute opened after a statement closed, on something that statement
 * shows, lowers the payment its due date asks for (docs/domain.md#ledger).
 */
import type { AccountCommandOf, AccountEvent, AccountState, DisputeHold } from './account';
import type { MarketPolicy } from './policy';
import { requiredPayment } from './statement';

export type Held = { total: number; fees: number };

/** What is held out of collection right now. */
export function heldAmount(s: AccountState): Held {
  return sum(s.disputeHolds ?? []);
}

function sum(holds: readonly DisputeHold[]): Held {
  return {
    total: holds.reduce((n, h) => n + h.amount, 0),
    fees: holds.filter((h) => h.isFee).reduce((n, h) => n + h.amount, 0),
  };
}

export function placeHold(
  cmd: AccountCommandOf<'PlaceHold'>,
  s: AccountState,
  policy: MarketPolicy,
): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (holds.some((h) => h.disputeId === cmd.hold.disputeId)) return [];
  return holdsChanged(s, [...holds, cmd.hold], policy);
}

export function releaseHold(
  cmd: AccountCommandOf<'ReleaseHold'>,
  s: AccountState,
  policy: MarketPolicy,
): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (!holds.some((h) => h.disputeId === cmd.disputeId)) return [];
  return holdsChanged(
    s,
    holds.filter((h) => h.disputeId !== cmd.disputeId),
    policy,
  );
}

function holdsChanged(s: AccountState, holds: DisputeHold[], policy: MarketPolicy): AccountEvent[] {
  const events: AccountEvent[] = [{ type: 'holds-changed', payload: { holds } }];
  const st = s.lastStatement;
  if (!st || s.lastEodDate >= st.dueDate) return events;
  // Only what the statement shows: a transaction posted since the close is on the next one.
  const shown = holds.filter((h) => !s.cycle.transactionIds.includes(h.transactionId));
  const required = requiredPayment(st, sum(shown), policy);
  if (required !== st.required)
    events.push({ type: 'minimum-reassessed', payload: { statementId: st.statementId, required } });
  return events;
}
