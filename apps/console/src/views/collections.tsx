import { useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath } from '../actions';
import { day, money } from '../format';
import type { ProblemView } from '../problem';
import { asProblem, useAction, useConsole, useLoad, When } from './context';
import { Panel, ProblemBox } from './problem-box';
import type { CollectionsCase, Decision, Relief } from './types';

const CHANNELS = ['CALL', 'SMS', 'EMAIL', 'LETTER', 'WECHAT'] as const;
const OUTCOMES = ['NO_ANSWER', 'RIGHT_PARTY_CONTACT', 'WRONG_PARTY', 'REFUSED', 'PROMISE'] as const;

/** What the gate answered for a channel: allowed with the rules that applied, or refused with the one that refused. */
type Verdict = { channel: string; decision: Decision } | { channel: string; refused: ProblemView };

/** The account's collections case: bucket, promises and plans, and the contact gate's verdict per channel. */
export function CollectionsPanel(p: { accountId: string; onChange: () => void }) {
  const c = useConsole();
  const kase = useLoad(
    c.can('collections.read')
      ? () => c.api.get<CollectionsCase>(fill(gatewayPath('collections.read'), { accountId: p.accountId }))
      : null,
    [p.accountId],
  );
  if (!c.can('collections.read')) return null;
  const notInCollections = kase.problem?.status === 404;
  return (
    <Panel
      id={`collections-${p.accountId}`}
      title={c.t('collections.title')}
      loading={kase.loading}
      problem={notInCollections ? null : kase.problem}
    >
      {notInCollections && <p>{c.t('collections.none')}</p>}
      {kase.data && (
        <CaseBody
          k={kase.data}
          onChange={() => {
            kase.reload();
            p.onChange();
          }}
        />
      )}
    </Panel>
  );
}

function CaseBody(p: { k: CollectionsCase; onChange: () => void }) {
  const c = useConsole();
  const { k } = p;
  const relief = useLoad(
    c.can('collections.plans')
      ? () => c.api.get<Relief>(fill(gatewayPath('collections.plans'), { caseId: k.caseId }))
      : null,
    [k.caseId],
  );
  return (
    <div>
      <dl class="figures">
        <dt>{c.t('collections.status')}</dt>
        <dd>
          {k.status} · {k.stage}
        </dd>
        <dt>{c.t('accounts.bucket')}</dt>
        <dd>{k.bucket}</dd>
        <dt>{c.t('accounts.daysPastDue')}</dt>
        <dd>{k.daysPastDue}</dd>
        <dt>{c.t('collections.owed')}</dt>
        <dd>{money(k.amountOwed, k.currency, c.lang)}</dd>
        <dt>{c.t('collections.collectable')}</dt>
        <dd>{money(k.collectableAmount, k.currency, c.lang)}</dd>
        <dt>{c.t('collections.suppressedUntil')}</dt>
        <dd>
          <When at={k.suppressedUntil} />
        </dd>
      </dl>
      {k.status === 'OPEN' && c.can('collections.contact') && <ContactGate k={k} onChange={p.onChange} />}
      <h3>{c.t('collections.promises')}</h3>
      {k.promises.length === 0 && <p>{c.t('collections.noPromises')}</p>}
      <ul>
        {k.promises.map((pr) => (
          <li key={pr.promiseId}>
            {pr.status}: {money(pr.paidAmount, k.currency, c.lang)} /{' '}
            {money(pr.totalAmount, k.currency, c.lang)} ·{' '}
            {pr.instalments
              .map((i) => `${day(i.dueDate)} ${money(i.amount, k.currency, c.lang)}${i.met ? ' ✓' : ''}`)
              .join(', ')}
          </li>
        ))}
      </ul>
      {k.status === 'OPEN' && c.can('collections.promise') && <PromiseForm k={k} onChange={p.onChange} />}
      <h3>{c.t('collections.plans')}</h3>
      <ProblemBox problem={relief.problem} />
      <ul>
        {relief.data?.plans.map((pl) => (
          <li key={pl.planId}>
            {pl.status} · {pl.instalments.length} × {pl.frequency} ·{' '}
            {money(pl.totalAmount, k.currency, c.lang)}
          </li>
        ))}
        {relief.data?.hardships.map((h) => (
          <li key={h.programmeId}>
            {c.t('collections.hardship')}: {h.kind} {h.endsAt && <When at={h.endsAt} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "May we contact now, on which channel?": the collector asks the gate for a
 * channel before dialling; the gate records the decision with its rule
 * (docs/adr/0016-contact-gate.md), so there is no asking without it.
 */
function ContactGate(p: { k: CollectionsCase; onChange: () => void }) {
  const c = useConsole();
  const act = useAction();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('RIGHT_PARTY_CONTACT');
  const [note, setNote] = useState('');
  const ask = async (channel: string) => {
    act.clear();
    try {
      const decision = await c.api.post<Decision>(
        fill(gatewayPath('collections.contact'), { caseId: p.k.caseId }),
        {
          channel,
          party: 'DEBTOR',
        },
      );
      setVerdict({ channel, decision });
    } catch (err) {
      setVerdict({ channel, refused: asProblem(err) });
    }
  };
  const allowed = verdict && 'decision' in verdict ? verdict.decision : null;
  return (
    <div data-testid="contact-gate">
      <h3>{c.t('collections.mayWeContact')}</h3>
      <p class="muted">
        {c.t('collections.customerTime')}: <When at={new Date().toISOString()} /> · {p.k.timeZone}
      </p>
      <div class="inline" role="group" aria-label={c.t('collections.mayWeContact')}>
        {CHANNELS.map((ch) => (
          <button key={ch} type="button" class="secondary" onClick={() => void ask(ch)}>
            {c.t('collections.ask', { channel: ch })}
          </button>
        ))}
      </div>
      <div aria-live="polite" data-testid="contact-verdict">
        {verdict && 'decision' in verdict && (
          <p class="verdict-allowed">
            {c.t('collections.allowed', { channel: verdict.channel })} — {c.t('problem.rule')}:{' '}
            <code data-testid="verdict-rule">{verdict.decision.ruleIds.join(', ')}</code> ·{' '}
            {c.t('collections.decidedAt')} <When at={verdict.decision.decidedAt} />
          </p>
        )}
        {verdict && 'refused' in verdict && (
          <div>
            <p class="verdict-refused">
              {c.t('collections.refused', { channel: verdict.channel })} — {c.t('problem.rule')}:{' '}
              <code data-testid="verdict-rule">{verdict.refused.rules.join(', ') || '—'}</code>
            </p>
            <ProblemBox problem={verdict.refused} />
          </div>
        )}
      </div>
      {allowed && c.can('collections.outcome') && (
        <form
          class="inline"
          aria-label={c.t('collections.logOutcome')}
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(
              () =>
                c.api.post(
                  fill(gatewayPath('collections.outcome'), {
                    caseId: p.k.caseId,
                    attemptId: allowed.attemptId,
                  }),
                  { outcome, ...(note ? { note } : {}) },
                ),
              () => {
                setVerdict(null);
                setNote('');
                p.onChange();
              },
            );
          }}
        >
          <label>
            {c.t('collections.outcome')}
            <select
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value as (typeof OUTCOMES)[number])}
            >
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <label>
            {c.t('collections.note')}
            <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={act.busy}>
            {c.t('collections.logOutcome')}
          </button>
        </form>
      )}
      <ProblemBox problem={act.problem} />
    </div>
  );
}

function PromiseForm(p: { k: CollectionsCase; onChange: () => void }) {
  const c = useConsole();
  const act = useAction();
  const [amount, setAmount] = useState('');
  const [dueDate, setDueDate] = useState('');
  const minor = Math.round(Number(amount) * 100);
  return (
    <form
      class="inline"
      aria-label={c.t('collections.promise')}
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () =>
            c.api.post(fill(gatewayPath('collections.promise'), { caseId: p.k.caseId }), {
              instalments: [{ amount: minor, dueDate }],
            }),
          p.onChange,
        );
      }}
    >
      <label>
        {c.t('common.amount')} ({p.k.currency})
        <input
          inputMode="decimal"
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
          required
        />
      </label>
      <label>
        {c.t('accounts.dueDate')}
        <input type="date" value={dueDate} onInput={(e) => setDueDate(e.currentTarget.value)} required />
      </label>
      <button type="submit" disabled={act.busy || !(minor > 0) || !dueDate}>
        {c.t('collections.promise')}
      </button>
      <ProblemBox problem={act.problem} />
    </form>
  );
}
