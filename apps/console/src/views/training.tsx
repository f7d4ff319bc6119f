import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../format';
import { translate } from '../i18n';
import {
  detectSandbox,
  duration,
  missedSteps,
  sandboxConsoleUrl,
  textIn,
  type RunView,
  type ScenarioSummary,
} from '../training';
import { useAction, useConsole, useLoad } from './context';
import { ProblemBox } from './problem-box';

/** The sandbox's name when this console is the training one, else null (docs/adr/0033-console-training-mode.md). */
export function useSandbox(): string | null {
  const [sandbox, setSandbox] = useState<string | null>(null);
  useEffect(() => {
    void detectSandbox().then(setSandbox);
  }, []);
  return sandbox;
}

/** Always on screen in training, so no one mistakes the sandbox for the floor. */
export function TrainingBanner(p: { sandbox: string; lang: Lang }) {
  return (
    <div class="training-banner" role="status" data-testid="training-banner">
      {translate(p.lang, 'training.banner', { sandbox: p.sandbox })}
    </div>
  );
}

/** The Training entry on the real console: training is a sandbox of its own, with its own sign-in. */
export function TrainingEntry(p: { lang: Lang }) {
  return (
    <details class="training-entry">
      <summary>{translate(p.lang, 'training.entry')}</summary>
      {translate(p.lang, 'training.elsewhere')}{' '}
      <a href={sandboxConsoleUrl(location)}>{sandboxConsoleUrl(location)}</a>
    </details>
  );
}

/**
 * Training in the sandbox's console: pick a scenario, hear the customer,
 * work on the customer's screen below, end the call and see the score the
 * runner computed from the sandbox's records; supervisors also see the runs.
 */
export function TrainingPanel(p: { onOpenCustomer: (customerId: string) => void }) {
  const c = useConsole();
  const [run, setRun] = useState<RunView | null>(null);
  const action = useAction();
  // The customer's lines and the seeding progress: the runner answers from the audit trails.
  useEffect(() => {
    if (!run || run.status === 'SCORED' || run.status === 'FAILED') return;
    const timer = setInterval(() => {
      void c.api.get<RunView>(`/training/runs/${run.runId}`).then(setRun, () => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [run?.runId, run?.status]);
  return (
    <section class="panel training" aria-labelledby="training-h" data-testid="training">
      <h2 id="training-h">{c.t('training.title')}</h2>
      {!run || run.status === 'FAILED' ? (
        <>
          {run?.error && <p role="alert">{c.t('training.failed', { error: run.error })}</p>}
          <ScenarioPicker
            onStart={(id) =>
              action.run(() => c.api.post<RunView>('/training/runs', { scenarioId: id }), setRun)
            }
            busy={action.busy}
          />
        </>
      ) : run.status === 'SEEDING' ? (
        <p aria-live="polite" data-testid="training-seeding">
          {c.t('training.seeding')}
        </p>
      ) : run.status === 'READY' ? (
        <ActiveRun
          run={run}
          onOpenCustomer={p.onOpenCustomer}
          onFinish={() => action.run(() => c.api.post<RunView>(`/training/runs/${run.runId}/finish`), setRun)}
          busy={action.busy}
        />
      ) : (
        <ScoreCard run={run} onAgain={() => setRun(null)} />
      )}
      <ProblemBox problem={action.problem} />
      {c.role === 'supervisor' && <TrainingRuns />}
    </section>
  );
}

function ScenarioPicker(p: { onStart: (id: string) => void; busy: boolean }) {
  const c = useConsole();
  const scenarios = useLoad(() => c.api.get<{ items: ScenarioSummary[] }>('/training/scenarios'), []);
  const [picked, setPicked] = useState('');
  const items = scenarios.data?.items ?? [];
  const chosen = items.find((s) => s.id === picked) ?? items[0];
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) p.onStart(chosen.id);
      }}
    >
      <label>
        {c.t('training.pick')}
        <select value={chosen?.id ?? ''} onChange={(e) => setPicked(e.currentTarget.value)}>
          {items.map((s) => (
            <option key={s.id} value={s.id}>
              {textIn(s.title, c.lang)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={p.busy || !chosen}>
        {c.t('training.start')}
      </button>
      {chosen && (
        <p class="muted" data-testid="training-briefing">
          {textIn(chosen.briefing, c.lang)} {c.t('training.role', { role: chosen.role })}
        </p>
      )}
      <ProblemBox problem={scenarios.problem} />
    </form>
  );
}

function ActiveRun(p: {
  run: RunView;
  onOpenCustomer: (id: string) => void;
  onFinish: () => void;
  busy: boolean;
}) {
  const c = useConsole();
  const { run } = p;
  return (
    <>
      <p>
        {c.t('training.clock')}:{' '}
        <span data-testid="training-clock">
          {new Date(run.simulatedNow).toLocaleString(c.lang === 'zh' ? 'zh-CN' : 'en-US', {
            timeZone: run.timeZone,
          })}{' '}
          ({run.timeZone})
        </span>
      </p>
      <h3>{c.t('training.customer')}</h3>
      <ol class="script" aria-live="polite" data-testid="training-lines">
        {run.lines.map((l, i) => (
          <li key={i}>{textIn(l, c.lang)}</li>
        ))}
      </ol>
      {run.customerId && (
        <button type="button" class="secondary" onClick={() => p.onOpenCustomer(run.customerId as string)}>
          {c.t('training.openCustomer', { id: run.customerId })}
        </button>
      )}{' '}
      <button type="button" onClick={p.onFinish} disabled={p.busy}>
        {c.t('training.finish')}
      </button>
    </>
  );
}

function ScoreCard(p: { run: RunView; onAgain: () => void }) {
  const c = useConsole();
  const score = p.run.score;
  if (!score) return null;
  const missed = missedSteps(score);
  return (
    <div data-testid="training-score">
      <p>
        <strong>{c.t('training.score', { score: score.score, met: score.met, total: score.total })}</strong>
      </p>
      <p>{c.t('training.resolved', { time: duration(score.resolvedInMs) })}</p>
      <h3>{c.t('training.missed')}</h3>
      {missed.length === 0 ? (
        <p>{c.t('training.noneMissed')}</p>
      ) : (
        <ul data-testid="training-missed">
          {missed.map((s) => (
            <li key={s.id} data-step={s.id}>
              {textIn(s.label, c.lang)} — {c.t(`training.reason.${s.reason ?? 'not-done'}`)} (
              <code>{s.rule}</code>)
            </li>
          ))}
        </ul>
      )}
      <h3>{c.t('training.met')}</h3>
      <ul data-testid="training-met">
        {score.steps
          .filter((s) => s.met)
          .map((s) => (
            <li key={s.id} data-step={s.id}>
              {textIn(s.label, c.lang)}
            </li>
          ))}
      </ul>
      <button type="button" class="secondary" onClick={p.onAgain}>
        {c.t('training.again')}
      </button>
    </div>
  );
}

/** Every trainee's runs with their scores and missed steps (supervisors only; the runner checks the role). */
function TrainingRuns() {
  const c = useConsole();
  const [trainee, setTrainee] = useState('');
  const [asked, setAsked] = useState('');
  const runs = useLoad(
    () =>
      c.api.get<{ items: RunView[] }>(
        `/training/runs${asked ? `?trainee=${encodeURIComponent(asked)}` : ''}`,
      ),
    [asked],
  );
  return (
    <section aria-labelledby="training-runs-h" data-testid="training-runs">
      <h3 id="training-runs-h">{c.t('training.runs')}</h3>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(trainee.trim());
          runs.reload();
        }}
      >
        <label>
          {c.t('training.runs.filter')}
          <input value={trainee} onInput={(e) => setTrainee(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary">
          {c.t('training.runs.load')}
        </button>
      </form>
      <ProblemBox problem={runs.problem} />
      {runs.data && runs.data.items.length === 0 && <p>{c.t('training.runs.none')}</p>}
      {runs.data && runs.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{c.t('training.runs.trainee')}</th>
              <th>{c.t('training.runs.scenario')}</th>
              <th>{c.t('training.runs.status')}</th>
              <th>{c.t('training.runs.score')}</th>
              <th>{c.t('training.runs.missed')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((r) => (
              <tr key={r.runId} data-run={r.runId}>
                <td>{r.trainee}</td>
                <td>{r.scenarioId}</td>
                <td>{r.status}</td>
                <td>{r.score ? `${r.score.score}%` : '–'}</td>
                <td>
                  {r.score
                    ? missedSteps(r.score)
                        .map((s) => s.id)
                        .join(', ')
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
