/**
 * The fraud trace and the report on it: on a blocked card the customer marks
 * the trace's transactions they do not recognise; each is reported once, in
 * one currency.
 */
import { DomainError } from '@cardline/platform/domain';
import type { Block, CardCommandOf, CardEvent, CardState, TraceTransaction } from './card';
import { refuse } from './guards';

/**
 * The card's transactions made after the last legitimate use and no later
 * than `upTo` (now), oldest first, by when the card was used, not when the
 * charge posted: a purchase authorised before the last legitimate use and
 * posted after it is the customer's own (docs/domain.md#cards).
 */
export function fraudTrace(block: Block, transactions: TraceTransaction[], upTo: number): TraceTransaction[] {
  return transactions
    .filter((t) => t.transactedAt > block.lastLegitimateUseAt && t.transactedAt <= upTo)
    .sort((a, b) => a.transactedAt - b.transactedAt);
}

export function reportFraud(cmd: CardCommandOf<'ReportFraud'>, s: CardState): CardEvent[] {
  if (!s.block) throw refuse(s, 'report fraud', 'report the card lost or stolen first');
  if (cmd.transactionIds.length === 0)
    throw new DomainError('INVALID', 'mark at least one transaction the customer does not recognise');
  if (new Set(cmd.transactionIds).size !== cmd.transactionIds.length)
    throw new DomainError('INVALID', 'a transaction is marked twice');
  const byId = new Map(fraudTrace(s.block, cmd.candidates, cmd.now).map((t) => [t.transactionId, t]));
  const outside = cmd.transactionIds.filter((id) => !byId.has(id));
  if (outside.length > 0)
    throw new DomainError(
      'INVALID',
      `not in the fraud trace (transactions on this card after the last legitimate use): ${outside.join(', ')}`,
    );
  const again = cmd.transactionIds.filter((id) => s.reportedTransactionIds.includes(id));
  if (again.length > 0)
    throw new DomainError(
      'INVALID_STATE',
      `card ${s.cardId} is ${s.status}; already reported as fraud: ${again.join(', ')}`,
      s.status,
    );
  const txs = cmd.transactionIds.map((id) => byId.get(id) as TraceTransaction);
  const currencies = new Set(txs.map((t) => t.currency));
  if (currencies.size > 1) throw new DomainError('INVALID', 'the marked transactions mix currencies');
  return [
    {
      type: 'cards.card.fraud-reported.v1',
      payload: {
        reportId: cmd.reportId,
        cardId: s.cardId,
        accountId: s.accountId,
        customerId: s.customerId,
        blockReason: s.block.kind,
        lastLegitimateUseAt: s.block.lastLegitimateUseAt,
        transactions: txs.map((t) => ({
          transactionId: t.transactionId,
          amount: t.amount,
          currency: t.currency,
          postedAt: t.postedAt,
          merchant: t.merchant,
        })),
        totalAmount: txs.reduce((sum, t) => sum + t.amount, 0),
        currency: txs[0]?.currency ?? '',
        actor: cmd.actor,
        reportedAt: cmd.now,
      },
    },
  ];
}
