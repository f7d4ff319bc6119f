/**
 * Posting: purchases are authorised against the card, the account's status,
 * currency and available credit (a refusal is a declined event, not an
 * error); other kinds post as given. Adjustments other services ask for are
 * answered with a rejection when bad. A request id posts once.
 */
import { DomainError } from '@cardline/platform/domain';
import type { LedgerAccountAdjustmentRejectedV1 } from '@cardline/schemas';
import type {
  AccountEvent,
  AccountState,
  Direction,
  PostTransaction,
  RequestAdjustment,
  TransactionKind,
} from './account';
import { bucketMoves } from './delinquency';
import { posted, type Posting } from './events';
import { evolve } from './evolve';

const DIRECTION: Record<Exclude<TransactionKind, 'ADJUSTMENT'>, Direction> = {
  PURCHASE: 'DEBIT',
  FEE: 'DEBIT',
  INTEREST: 'DEBIT',
  REFUND: 'CREDIT',
  PAYMENT: 'CREDIT',
};

export function availableCredit(s: AccountState): number {
  return s.creditLimit - s.balance;
}

export function postTransaction(cmd: PostTransaction, s: AccountState): AccountEvent[] {
  if (cmd.requestId && s.processedRequests.includes(cmd.requestId)) return [];
  if (!Number.isInteger(cmd.amount) || cmd.amount <= 0)
    throw new DomainError('INVALID', 'amount must be a positive integer of minor units');
  const direction = cmd.txKind === 'ADJUSTMENT' ? cmd.direction : DIRECTION[cmd.txKind];
  if (!direction) throw new DomainError('INVALID', 'an ADJUSTMENT needs a direction');
  if (cmd.txKind === 'PURCHASE') {
    const reason =
      s.status !== 'OPEN'
        ? 'ACCOUNT_CLOSED'
        : (cardDeclineReason(cmd, s) ??
          (cmd.currency !== s.currency
            ? 'CURRENCY_MISMATCH'
            : cmd.amount > availableCredit(s)
              ? 'INSUFFICIENT_CREDIT'
              : null));
    if (reason) {
      return [
        {
          type: 'ledger.transaction.declined.v1',
          payload: {
            transactionId: cmd.transactionId,
            accountId: s.accountId,
            amount: cmd.amount,
            currency: cmd.currency,
            cardId: cmd.cardId ?? null,
            merchant: cmd.merchant ?? null,
            reason,
            availableCredit: availableCredit(s),
            declinedAt: cmd.now,
          },
        },
      ];
    }
  } else if (cmd.currency !== s.currency) {
    throw new DomainError('INVALID', `account currency is ${s.currency}, not ${cmd.currency}`);
  }
  return postingEvents(s, {
    transactionId: cmd.transactionId,
    kind: cmd.txKind,
    direction,
    amount: cmd.amount,
    description: cmd.description,
    merchant: cmd.merchant ?? null,
    cardId: cmd.cardId ?? null,
    feeType: cmd.feeType ?? null,
    adjustmentKind: cmd.adjustmentKind ?? null,
    requestId: cmd.requestId ?? null,
    relatedTransactionId: cmd.relatedTransactionId ?? null,
    at: cmd.now,
  });
}

/**
 * A purchase made with a card is authorised only on an active card of this
 * account. Purchases without a card id (the processor's card-not-present
 * postings, the demo traffic of accounts without cards) skip the check.
 */
function cardDeclineReason(
  cmd: PostTransaction,
  s: AccountState,
): 'CARD_UNKNOWN' | 'CARD_NOT_ACTIVE' | 'CARD_BLOCKED' | null {
  if (!cmd.cardId) return null;
  const card = cmd.card;
  if (!card || card.accountId !== s.accountId) return 'CARD_UNKNOWN';
  if (card.status === 'ACTIVE') return null;
  return card.status === 'INACTIVE' ? 'CARD_NOT_ACTIVE' : 'CARD_BLOCKED';
}

/** Adjustments asked for by other services: bad ones are answered, not thrown. */
export function requestAdjustment(cmd: RequestAdjustment, s: AccountState): AccountEvent[] {
  if (cmd.postedBefore || s.processedRequests.includes(cmd.requestId)) return [];
  const reject = (reason: LedgerAccountAdjustmentRejectedV1['reason'], detail: string): AccountEvent[] => [
    {
      type: 'ledger.account.adjustment-rejected.v1',
      payload: { accountId: s.accountId, requestId: cmd.requestId, reason, detail, rejectedAt: cmd.now },
    },
  ];
  if (!Number.isInteger(cmd.amount) || cmd.amount <= 0)
    return reject('INVALID_AMOUNT', `amount ${cmd.amount} is not a positive integer`);
  if (cmd.direction === 'UNKNOWN') return reject('INVALID_AMOUNT', 'direction must be DEBIT or CREDIT');
  if (cmd.currency !== s.currency)
    return reject('CURRENCY_MISMATCH', `account currency is ${s.currency}, not ${cmd.currency}`);
  if (s.status !== 'OPEN' && cmd.direction === 'DEBIT')
    return reject('ACCOUNT_CLOSED', 'no debits on a closed account');
  return postingEvents(s, {
    transactionId: cmd.transactionId,
    kind: 'ADJUSTMENT',
    direction: cmd.direction,
    amount: cmd.amount,
    description: cmd.reason,
    merchant: null,
    cardId: null,
    feeType: null,
    adjustmentKind: cmd.adjustmentKind,
    requestId: cmd.requestId,
    relatedTransactionId: cmd.relatedTransactionId,
    at: cmd.now,
  });
}

/** The posted event, plus the bucket move when it pays the oldest unpaid minimum (or a return unpays it). */
function postingEvents(s: AccountState, p: Posting): AccountEvent[] {
  const event = posted(s, p);
  return [event, ...bucketMoves(evolve(s, event), p.at)];
}
