/**
 * Disputed amounts (from disputes' events): held out of collection, finance
 * charge and past due while the dispute is open, released when it resolves.
 * A dispute opened after a statement closed, on something that statement
 * shows, lowers the payment its due date asks for; its release does not
 * raise it again (docs/domain.md#ledger).
 */
import type { AccountCommandOf, AccountEvent, AccountState, DisputeHold } from './account';
import { heldIn, uncredited } from './disputed';
import type { MarketPolicy } from './policy';
import { requiredPayment } from './statement';

export function placeHold(
  cmd: AccountCommandOf<'PlaceHold'>,
  s: AccountState,
  policy: MarketPolicy,
): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (holds.some((h) => h.disputeId === cmd.hold.disputeId)) return [];
  // What the statement asks is lowered first, then what is owed is capped by the balance not in
  // dispute: the other way round the hold would come off twice.
  return [
    ...reassessed(s, cmd.hold, cmd.postedAt, policy),
    { type: 'holds-changed', payload: { holds: [...holds, cmd.hold] } },
  ];
}

/** A release changes nothing the last statement asks for: a re-billed amount is asked for on the next one. */
export function releaseHold(cmd: AccountCommandOf<'ReleaseHold'>, s: AccountState): AccountEvent[] {
  const holds = s.disputeHolds ?? [];
  if (!holds.some((h) => h.disputeId === cmd.disputeId)) return [];
  return [{ type: 'holds-changed', payload: { holds: holds.filter((h) => h.disputeId !== cmd.disputeId) } }];
}

/** A dispute opened before the last statement's due date, on something it shows, lowers what it asks for. */
function reassessed(
  s: AccountState,
  hold: DisputeHold,
  postedAt: number | null | undefined,
  policy: MarketPolicy,
): AccountEvent[] {
  const st = s.lastStatement;
  // A transaction posted since the close is on the next statement.
  if (!st || s.lastEodDate >= st.payableUntil || (postedAt ?? -Infinity) > st.postingsThrough) return [];
  // What the statement shows of it: less what was credited on it before the close.
  const credited = s.disputeCredits.filter((c) => c.on <= st.closedOn);
  const disputesLeftOut = [...st.disputesLeftOut, ...uncredited([hold], credited)];
  const required = requiredPayment(st, heldIn(disputesLeftOut), policy);
  return [
    { type: 'minimum-reassessed', payload: { statementId: st.statementId, disputesLeftOut, required } },
  ];
}
