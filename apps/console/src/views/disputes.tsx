import { useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath } from '../actions';
import { money } from '../format';
import { Clocks } from './clock';
import { useAction, useConsole, useLoad } from './context';
import { Panel, ProblemBox } from './problem-box';
import type { Dispute, Transaction } from './types';

/** Disputes' reasons (its OpenDispute schema). */
const REASONS = [
  'LATE_FEE',
  'OTHER_FEE',
  'WRONG_AMOUNT',
  'DUPLICATE',
  'CREDIT_NOT_PROCESSED',
  'NOT_RECEIVED',
  'UNAUTHORISED',
] as const;

/** The account's disputes with their regulatory clocks, and opening one on a transaction or fee. */
export function DisputesPanel(p: { accountId: string; currency: string; refresh: number }) {
  const c = useConsole();
  const disputes = useLoad(
    c.can('disputes.read')
      ? () =>
          c.api.get<{ items: Dispute[] }>(
            `${gatewayPath('disputes.read')}?accountId=${encodeURIComponent(p.accountId)}`,
          )
      : null,
    [p.accountId, p.refresh],
  );
  if (!c.can('disputes.read')) return null;
  return (
    <Panel
      id={`disputes-${p.accountId}`}
      title={c.t('disputes.title')}
      loading={disputes.loading}
      problem={disputes.problem}
    >
      {disputes.data?.items.length === 0 && <p>{c.t('disputes.none')}</p>}
      <ul>
        {disputes.data?.items.map((d) => (
          <li key={d.disputeId} data-testid={`dispute-${d.disputeId}`} data-kind={d.kind}>
            <strong>
              {d.kind} · {d.reason} · {d.status}
            </strong>{' '}
            {money(d.disputedAmount, d.currency, c.lang)} · {d.transactionId} · {c.t('disputes.source')}:{' '}
            {d.source}
            <Clocks label={c.t('disputes.clocks')} clocks={d.clocks} />
          </li>
        ))}
      </ul>
      {c.can('dispute.open') && <OpenDispute accountId={p.accountId} onOpened={disputes.reload} />}
    </Panel>
  );
}

function OpenDispute(p: { accountId: string; onOpened: () => void }) {
  const c = useConsole();
  const act = useAction();
  const txs = useLoad(
    () =>
      c.api.get<{ items: Transaction[] }>(
        `${fill(gatewayPath('transactions.read'), { accountId: p.accountId })}?limit=20`,
      ),
    [p.accountId],
  );
  const [transactionId, setTransactionId] = useState('');
  const [reason, setReason] = useState<(typeof REASONS)[number]>('WRONG_AMOUNT');
  return (
    <form
      class="inline"
      aria-label={c.t('disputes.open')}
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () => c.api.post(gatewayPath('dispute.open'), { accountId: p.accountId, transactionId, reason }),
          p.onOpened,
        );
      }}
    >
      <label>
        {c.t('disputes.transaction')}
        <select value={transactionId} onChange={(e) => setTransactionId(e.currentTarget.value)} required>
          <option value="">—</option>
          {txs.data?.items.map((tx) => (
            <option key={tx.transactionId} value={tx.transactionId}>
              {tx.at.slice(0, 10)} · {tx.kind} · {tx.merchant?.name ?? tx.description ?? ''} ·{' '}
              {money(tx.amount, tx.currency, c.lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {c.t('disputes.reason')}
        <select value={reason} onChange={(e) => setReason(e.currentTarget.value as (typeof REASONS)[number])}>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={act.busy || !transactionId}>
        {c.t('disputes.open')}
      </button>
      <ProblemBox problem={txs.problem ?? act.problem} />
    </form>
  );
}
