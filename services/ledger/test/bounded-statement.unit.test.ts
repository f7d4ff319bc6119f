/**
 * The statement event and the account carry a cycle's counts, never its lines:
 * their size does not grow with the postings (docs/architecture.md#bounded-aggregates).
 */
import avro from 'avsc';
import { eventTypes } from '@cardline/schemas';
import {
  decide,
  evolve,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../src/domain/account';
import { at, eod, given, opened, policy, purchase, statements } from './account-fixtures';

const closedType = avro.Type.forSchema(eventTypes.get('ledger.statement.closed.v1')?.schema as avro.Schema);

/** An account with `n` one-cent purchases in its first cycle (their posted events), then the close on 5 February. */
function cycleOf(n: number): { state: AccountState; closed: AccountEvent[] } {
  let s = evolve(null, opened);
  const first = at('2026-01-12T12:00');
  const [posting] = decide(purchase(1, '2026-01-12T12:00'), s, policy);
  if (posting?.type !== 'ledger.transaction.posted.v1') throw new Error('the purchase did not post');
  for (let i = 0; i < n; i++) {
    const transactionId = `txn_${String(i).padStart(6, '0')}`;
    const balanceAfter = s.balance + 1;
    s = evolve(s, {
      ...posting,
      payload: { ...posting.payload, transactionId, postedAt: first + i, balanceAfter },
    });
  }
  return { state: s, closed: decide(eod('2026-02-06T00:00'), s, policy) };
}

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));

describe('a statement carries counts, not lines', () => {
  it('an account with 50,000 postings in a cycle encodes its statement and state no larger than with 10', () => {
    const small = cycleOf(10);
    const busy = cycleOf(50_000);
    const [smallSt, busySt] = [statements(small.closed)[0], statements(busy.closed)[0]];
    expect(busySt).toMatchObject({
      transactionIds: [],
      transactionCount: 50_000,
      firstTransactionId: 'txn_000000',
      lastTransactionId: 'txn_049999',
    });
    // The only difference is the figures' own digits (varints, decimals): a few bytes, not 50,000 ids.
    expect(closedType.toBuffer(busySt).length).toBeLessThanOrEqual(closedType.toBuffer(smallSt).length + 16);
    expect(bytes(busy.state)).toBeLessThanOrEqual(bytes(small.state) + 64);
    expect(bytes(busy.state)).toBeLessThan(4096);
  });
});

describe('a dispute on what the last statement shows, by when the transaction posted', () => {
  /** Disputes' opened event names the transaction (the fixtures' ids) and when it posted. */
  const disputeOn = (amount: number, when: string): AccountCommand => ({
    kind: 'PlaceHold',
    hold: { disputeId: 'd1', transactionId: `txn_${amount}_${when}`, amount, isFee: false },
    postedAt: at(when),
  });
  const shown = purchase(100000, '2026-01-12T12:00');
  const closed = given([opened]).after(shown, eod('2026-02-06T00:00'));
  const lowered = { type: 'minimum-reassessed' } as const;

  it('a dispute on a transaction the statement shows lowers what its due date asks', () => {
    closed.when(disputeOn(100000, '2026-01-12T12:00')).thenEventsMatch([lowered, { type: 'holds-changed' }]);
  });

  it('a dispute on a transaction posted since the close leaves it to the next statement', () => {
    closed
      .after(purchase(50000, '2026-02-07T12:00'))
      .when(disputeOn(50000, '2026-02-07T12:00'))
      .thenEventsMatch([{ type: 'holds-changed' }]);
  });

  it('a posting before a late end of day is on the statement that end of day closes', () => {
    // Posted at 02:00 on the 6th; the close of the 5th runs at 03:00 and shows it.
    const late = given([opened]).after(shown, purchase(40000, '2026-02-06T02:00'), eod('2026-02-06T03:00'));
    expect(statements(late.events)[0]?.transactionCount).toBe(2);
    late.when(disputeOn(40000, '2026-02-06T02:00')).thenEventsMatch([lowered, { type: 'holds-changed' }]);
  });
});
