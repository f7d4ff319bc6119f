import { useEffect, useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath } from '../actions';
import { day, money } from '../format';
import type { ProblemView } from '../problem';
import { asProblem, useAction, useConsole, useLoad, When } from './context';
import { Panel, ProblemBox } from './problem-box';
import type { CollectionsCase, Decision, Relief, Verdicts } from './types';

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

/** How often the live verdicts are asked again: the hours rules move on the minute. */
const VERDICT_EVERY_MS = 30_000;

/**
 * "May we contact now, on which channel?": the live verdict per channel is
 * the gate asked without an attempt (nothing recorded), asked again every
 * 30 s and after each attempt; before dialling the collector still asks the
 * gate for the attempt itself, which records the decision with its rule
 * (docs/adr/0016-contact-gate.md).
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
  const live = useLoad(
    c.can('collections.verdict')
      ? () => c.api.get<Verdicts>(fill(gatewayPath('collections.verdict'), { caseId: p.k.caseId }))
      : null,
    [p.k.caseId, verdict],
  );
  useEffect(() => {
    const every = setInterval(live.reload, VERDICT_EVERY_MS);
    return () => clearInterval(every);
  }, [live.reload]);
  return (
    <div data-testid="contact-gate">
      <h3>{c.t('collections.mayWeContact')}</h3>
      <p class="muted">
        {c.t('collections.customerTime')}: <When at={live.data?.at ?? new Date().toISOString()} /> ·{' '}
        {p.k.timeZone}
      </p>
      {c.can('collections.verdict') && <LiveVerdicts live={live} />}
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

/** Every channel's verdict now, with the rule that decides it and, when refused, when it is next allowed. */
function LiveVerdicts(p: { live: ReturnType<typeof useLoad<Verdicts>> }) {
  const c = useConsole();
  const { live } = p;
  return (
    <div data-testid="live-verdicts">
      <table aria-label={c.t('collections.liveVerdicts')} aria-live="polite">
        <thead>
          <tr>
            <th scope="col">{c.t('collections.channel')}</th>
            <th scope="col">{c.t('collections.verdict')}</th>
            <th scope="col">{c.t('problem.rule')}</th>
            <th scope="col">{c.t('problem.nextAllowedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {live.data?.items.map((v) => (
            <tr key={v.channel} data-testid={`live-verdict-${v.channel}`}>
              <th scope="row">{v.channel}</th>
              <td class={v.allowed ? 'verdict-allowed' : 'verdict-refused'}>
                {c.t(v.allowed ? 'collections.allowedNow' : 'collections.refusedNow')}
              </td>
              <td>
                <code>{v.allowed ? v.ruleIds.join(', ') : (v.ruleIds[0] ?? '—')}</code>
                {v.reason && <span class="muted"> · {v.reason}</span>}
              </td>
              <td>{v.nextAllowedAt ? <When at={v.nextAllowedAt} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="secondary" onClick={live.reload} disabled={live.loading}>
        {c.t('collections.refreshVerdicts')}
      </button>
      <ProblemBox problem={live.problem} />
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
