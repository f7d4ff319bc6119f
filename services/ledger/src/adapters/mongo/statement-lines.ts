/**
 * A statement's lines: the account's transactions posted in its cycle, read
 * from the transactions read model, not from the statement event, which
 * carries counts only (docs/architecture.md#bounded-aggregates). The cycle is
 * the account versions between the previous close and this one: both
 * projections keep the version of the event they come from.
 */
import type { mongo } from 'mongoose';
import type { StatementView, TransactionView } from './read-models';

export async function statementLinesFilter(
  statements: mongo.Collection<StatementView>,
  transactions: mongo.Collection<TransactionView>,
  st: StatementView,
): Promise<mongo.Filter<TransactionView>> {
  // Projected before statements kept their version: they listed their lines.
  if (st.seq === undefined) return { _id: { $in: st.transactionIds } };
  const prev = await statements
    .find({ accountId: st.accountId, periodEnd: { $lt: st.periodEnd } })
    .sort({ periodEnd: -1 })
    .limit(1)
    .next();
  const after = prev ? (prev.seq ?? (await newestListed(transactions, prev))) : 0;
  return { accountId: st.accountId, status: 'POSTED', seq: { $gt: after, $lt: st.seq } };
}

/** The version of the newest line a statement listed (one projected before versions were kept). */
async function newestListed(
  transactions: mongo.Collection<TransactionView>,
  st: StatementView,
): Promise<number> {
  const t = await transactions
    .find({ _id: { $in: st.transactionIds } })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  return t?.seq ?? 0;
}
