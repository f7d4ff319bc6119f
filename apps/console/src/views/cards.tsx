import { useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath, type ActionId } from '../actions';
import { money } from '../format';
import { useAction, useConsole, useLoad, When } from './context';
import { Panel, ProblemBox } from './problem-box';
import type { Card, FraudTrace } from './types';

/** Now, as the datetime-local input wants it (the agent's wall clock). */
const localNow = (): string => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** The account's cards with what the role may do to each. */
export function CardsPanel(p: { accountId: string; onChange: () => void }) {
  const c = useConsole();
  const cards = useLoad(
    c.can('cards.read')
      ? () => c.api.get<{ items: Card[] }>(fill(gatewayPath('cards.read'), { accountId: p.accountId }))
      : null,
    [p.accountId],
  );
  if (!c.can('cards.read')) return null;
  const changed = () => {
    cards.reload();
    p.onChange();
  };
  return (
    <Panel
      id={`cards-${p.accountId}`}
      title={c.t('cards.title')}
      loading={cards.loading}
      problem={cards.problem}
    >
      {cards.data?.items.map((card) => (
        <CardRow key={card.cardId} card={card} onChange={changed} />
      ))}
    </Panel>
  );
}

function CardRow(p: { card: Card; onChange: () => void }) {
  const c = useConsole();
  const { card } = p;
  const act = useAction();
  const [reason, setReason] = useState('');
  const [lastUsedAt, setLastUsedAt] = useState(localNow());
  const [trace, setTrace] = useState<FraudTrace | null>(null);
  const post = (id: ActionId, body: unknown) =>
    act.run(() => c.api.post(fill(gatewayPath(id), { cardId: card.cardId }), body), p.onChange);
  const blocked = card.status === 'LOST' || card.status === 'STOLEN';
  const report = (id: 'card.reportLost' | 'card.reportStolen') =>
    post(id, { lastUsedAt: new Date(lastUsedAt).toISOString() });
  const loadTrace = () =>
    act.run(
      () => c.api.get<FraudTrace>(fill(gatewayPath('card.fraudTrace'), { cardId: card.cardId })),
      setTrace,
    );
  const inputId = `card-${card.cardId}`;
  return (
    <div class="card" data-testid={`card-${card.cardId}`}>
      <h3>
        {card.maskedNumber} · {card.network} · {card.expiry} ·{' '}
        <span data-testid="card-status">{card.status}</span>
      </h3>
      {card.statusChangedAt && (
        <p class="muted">
          {c.t('cards.statusChangedAt')}: <When at={card.statusChangedAt} />
        </p>
      )}
      {card.freeze && <p>{c.t('cards.frozenBecause', { reason: card.freeze.reason })}</p>}
      {!blocked && c.can('card.freeze') && (
        <form class="inline" onSubmit={(e) => e.preventDefault()}>
          <label>
            {c.t('cards.reason')}
            <input
              id={`${inputId}-reason`}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          {card.status === 'FROZEN' ? (
            <button
              type="button"
              disabled={act.busy}
              onClick={() => post('card.unfreeze', reason ? { reason } : {})}
            >
              {c.t('cards.unfreeze')}
            </button>
          ) : (
            <button
              type="button"
              disabled={act.busy || !reason || card.status !== 'ACTIVE'}
              onClick={() => post('card.freeze', { reason })}
            >
              {c.t('cards.freeze')}
            </button>
          )}
        </form>
      )}
      {!blocked && c.can('card.reportStolen') && (
        <form class="inline" onSubmit={(e) => e.preventDefault()}>
          <label>
            {c.t('cards.lastUsedAt')}
            <input
              type="datetime-local"
              value={lastUsedAt}
              onInput={(e) => setLastUsedAt(e.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            class="secondary"
            disabled={act.busy}
            onClick={() => report('card.reportLost')}
          >
            {c.t('cards.reportLost')}
          </button>
          <button type="button" disabled={act.busy} onClick={() => report('card.reportStolen')}>
            {c.t('cards.reportStolen')}
          </button>
        </form>
      )}
      {blocked && !card.replacedByCardId && c.can('card.replacement') && (
        <button
          type="button"
          disabled={act.busy}
          onClick={() => post('card.replacement', { speed: 'STANDARD' })}
        >
          {c.t('cards.replacement')}
        </button>
      )}
      {card.replacedByCardId && <p>{c.t('cards.replacedBy', { cardId: card.replacedByCardId })}</p>}
      {blocked && c.can('card.fraudTrace') && (
        <button type="button" class="secondary" disabled={act.busy} onClick={loadTrace}>
          {c.t('cards.fraudTrace')}
        </button>
      )}
      <ProblemBox problem={act.problem} />
      {trace && (
        <TraceReview
          trace={trace}
          onReported={() => {
            void loadTrace();
            p.onChange();
          }}
        />
      )}
    </div>
  );
}

/** The fraud trace: the agent ticks what the customer does not recognise; disputes opens a claim for each. */
function TraceReview(p: { trace: FraudTrace; onReported: () => void }) {
  const c = useConsole();
  const act = useAction();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setPicked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <div data-testid="fraud-trace">
      <h3>{c.t('cards.traceTitle')}</h3>
      <p class="muted">
        {c.t('cards.lastLegitimateUse')}: <When at={p.trace.lastLegitimateUseAt} />
      </p>
      {p.trace.transactions.length === 0 && <p>{c.t('cards.traceEmpty')}</p>}
      <table>
        <caption class="visually-hidden">{c.t('cards.traceTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{c.t('cards.unrecognised')}</th>
            <th scope="col">{c.t('common.when')}</th>
            <th scope="col">{c.t('common.merchant')}</th>
            <th scope="col">{c.t('common.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {p.trace.transactions.map((tx) => (
            <tr key={tx.transactionId}>
              <td>
                {tx.alreadyReported ? (
                  c.t('cards.reported')
                ) : (
                  <input
                    type="checkbox"
                    aria-label={c.t('cards.markUnrecognised', { id: tx.transactionId })}
                    checked={picked.has(tx.transactionId)}
                    onChange={() => toggle(tx.transactionId)}
                  />
                )}
              </td>
              <td>
                <When at={tx.transactedAt} />
              </td>
              <td>{tx.merchant?.name ?? '—'}</td>
              <td>{money(tx.amount, tx.currency, c.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.can('card.fraudReport') && (
        <button
          type="button"
          disabled={act.busy || picked.size === 0}
          onClick={() =>
            act.run(
              () =>
                c.api.post(fill(gatewayPath('card.fraudReport'), { cardId: p.trace.cardId }), {
                  transactionIds: [...picked],
                }),
              () => {
                setPicked(new Set());
                p.onReported();
              },
            )
          }
        >
          {c.t('cards.reportFraud', { n: picked.size })}
        </button>
      )}
      <ProblemBox problem={act.problem} />
    </div>
  );
}
