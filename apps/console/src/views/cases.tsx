import { useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath } from '../actions';
import { Clocks } from './clock';
import { useAction, useConsole, useLoad, When } from './context';
import { Panel, ProblemBox } from './problem-box';
import type { CaseSummary } from './types';

const OPEN = new Set(['NEW', 'OPEN', 'PENDING']);
/** Ticketing's case topics (its schemas.ts). */
const TOPICS = ['GENERAL', 'BILLING_QUESTION', 'DISPUTE', 'LOST_CARD', 'COLLECTIONS', 'SALES'];

/** The customer's open cases with their SLA clocks, and the call being logged. */
export function CasesPanel(p: { customerId: string; accountId: string | null; onChange: () => void }) {
  const c = useConsole();
  const cases = useLoad(
    () =>
      c.api.get<{ items: CaseSummary[] }>(
        `${gatewayPath('cases.read')}?customerId=${encodeURIComponent(p.customerId)}&limit=50`,
      ),
    [p.customerId],
  );
  const open = (cases.data?.items ?? []).filter((k) => OPEN.has(k.status));
  const changed = () => {
    cases.reload();
    p.onChange();
  };
  return (
    <Panel id="cases" title={c.t('cases.title')} loading={cases.loading} problem={cases.problem}>
      {c.can('case.open') && (
        <OpenCall customerId={p.customerId} accountId={p.accountId} onOpened={changed} />
      )}
      {open.length === 0 && !cases.loading && <p>{c.t('cases.none')}</p>}
      {open.map((k) => (
        <CaseRow key={k.caseId} k={k} onChange={changed} />
      ))}
    </Panel>
  );
}

/** Logging the call opens a PHONE case; the console's correlation id ties what the call does to it. */
function OpenCall(p: { customerId: string; accountId: string | null; onOpened: () => void }) {
  const c = useConsole();
  const act = useAction();
  const [subject, setSubject] = useState('');
  const [topic, setTopic] = useState('GENERAL');
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () =>
            c.api.post(gatewayPath('case.open'), {
              customerId: p.customerId,
              accountId: p.accountId,
              channel: 'PHONE',
              topic,
              subject,
            }),
          () => {
            setSubject('');
            p.onOpened();
          },
        );
      }}
    >
      <label>
        {c.t('cases.subject')}
        <input required value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
      </label>
      <label>
        {c.t('cases.topic')}
        <select value={topic} onChange={(e) => setTopic(e.currentTarget.value)}>
          {TOPICS.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={act.busy || !subject}>
        {c.t('cases.logCall')}
      </button>
      <ProblemBox problem={act.problem} />
    </form>
  );
}

function CaseRow(p: { k: CaseSummary; onChange: () => void }) {
  const c = useConsole();
  const { k } = p;
  const act = useAction();
  const [text, setText] = useState('');
  const [status, setStatus] = useState('PENDING');
  const id = { caseId: k.caseId };
  // The case read again after each action, so its thread shows the reply or note just sent.
  const [version, setVersion] = useState(0);
  const detail = useLoad(
    () => c.api.get<CaseDetail>(fill(gatewayPath('case.read'), id)),
    [k.caseId, version],
  );
  const done = () => {
    setText('');
    setVersion((n) => n + 1);
    p.onChange();
  };
  const textId = `case-${k.caseId}-text`;
  return (
    <div data-testid={`case-${k.caseId}`}>
      <h3>
        {k.subject} · {k.topic} · {k.channel} · {k.status} · {k.level}
      </h3>
      <p class="muted">
        {k.caseId} · {c.t('cases.opened')} <When at={k.openedAt} />
      </p>
      <Clocks label={c.t('cases.sla')} clocks={k.sla} />
      {detail.data && <CaseSuggestion triage={detail.data.triage} />}
      {detail.data && <CaseThread interactions={detail.data.interactions} />}
      <label for={textId}>{c.t('cases.text')}</label>
      <textarea id={textId} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <div class="inline">
        <NoteButton kind="CALL_NOTE" caseId={k.caseId} text={text} act={act} onDone={done} />
        <NoteButton kind="INTERNAL_NOTE" caseId={k.caseId} text={text} act={act} onDone={done} />
        {k.channel !== 'PHONE' && (
          <button
            type="button"
            disabled={act.busy || !text}
            onClick={() =>
              act.run(() => c.api.post(fill(gatewayPath('case.reply'), id), { body: text }), done)
            }
          >
            {c.t('cases.reply')}
          </button>
        )}
        <button
          type="button"
          class="secondary"
          disabled={act.busy || !text}
          onClick={() =>
            act.run(() => c.api.post(fill(gatewayPath('case.escalate'), id), { reason: text }), done)
          }
        >
          {c.t('cases.escalate')}
        </button>
      </div>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(
            () => c.api.post(fill(gatewayPath('case.status'), id), { to: status, reason: text || status }),
            done,
          );
        }}
      >
        <label>
          {c.t('cases.status')}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {['OPEN', 'PENDING', 'SOLVED', 'CLOSED'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={act.busy}>
          {c.t('cases.changeStatus')}
        </button>
      </form>
      <ProblemBox problem={act.problem} />
    </div>
  );
}

/** A call note (the customer's record of the call) or an internal note (staff only) on the case. */
function NoteButton(p: {
  kind: 'CALL_NOTE' | 'INTERNAL_NOTE';
  caseId: string;
  text: string;
  act: ReturnType<typeof useAction>;
  onDone: () => void;
}) {
  const c = useConsole();
  return (
    <button
      type="button"
      class={p.kind === 'INTERNAL_NOTE' ? 'secondary' : undefined}
      disabled={p.act.busy || !p.text}
      onClick={() =>
        p.act.run(
          () =>
            c.api.post(fill(gatewayPath('case.note'), { caseId: p.caseId }), { kind: p.kind, body: p.text }),
          p.onDone,
        )
      }
    >
      {c.t(p.kind === 'CALL_NOTE' ? 'cases.callNote' : 'cases.internalNote')}
    </button>
  );
}

interface TriageRecord {
  interactionId: string;
  intent: string;
  confidence: number;
  language: string;
  urgency: string;
  entities: {
    lastFour: string[];
    amounts: { amount: number; currency: string; text: string }[];
    dates: { text: string; date: string | null }[];
    merchants: string[];
  };
  source: string;
  suggestion: string | null;
}

/** One message or note of the case (ticketing's interaction view). */
interface CaseInteraction {
  interactionId: string;
  kind: 'INBOUND' | 'OUTBOUND' | 'CALL_NOTE' | 'INTERNAL_NOTE' | 'SURVEY';
  body: string;
  actor: { id: string; role: string };
  at: string;
}

/** The case as a single read answers it: its triage and its newest interactions, oldest first. */
interface CaseDetail {
  triage: TriageRecord[];
  interactions: CaseInteraction[];
}

/** Triage's suggested answer for the case's newest inbound message, with the figures it read and its source. */
function CaseSuggestion(p: { triage: TriageRecord[] }) {
  const c = useConsole();
  const latest = p.triage.filter((r) => r.suggestion).at(-1);
  if (!latest) return null;
  const figures = [
    ...latest.entities.amounts.map((a) => a.text),
    ...latest.entities.dates.map((d) => d.date ?? d.text),
    ...latest.entities.lastFour.map((l) => `••${l}`),
    ...latest.entities.merchants,
  ];
  return (
    <div class="suggestion" data-testid="case-suggestion">
      <strong>{c.t('cases.suggestion')}</strong> ({latest.intent}, {Math.round(latest.confidence * 100)}% ·{' '}
      {c.t('cases.suggestionSource')}: {latest.source}): {latest.suggestion}
      {figures.length > 0 && (
        <p class="muted">
          {c.t('answers.figures')}: {figures.join(' · ')}
        </p>
      )}
    </div>
  );
}

/** What the customer wrote and the floor answered or noted, so a reply is written to what was said. */
function CaseThread(p: { interactions: CaseInteraction[] }) {
  const c = useConsole();
  if (p.interactions.length === 0) return null;
  return (
    <ol aria-label={c.t('cases.thread')}>
      {p.interactions.map((i) => (
        <li key={i.interactionId} data-kind={i.kind}>
          <span class="muted">
            {i.kind} · {i.actor.id} · <When at={i.at} />
          </span>{' '}
          {i.body}
        </li>
      ))}
    </ol>
  );
}
