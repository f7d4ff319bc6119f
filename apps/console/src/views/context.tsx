import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { can, type ActionId, type ConsoleRole } from '../actions';
import { bothTimes, type Lang } from '../format';
import { translate, type MessageKey } from '../i18n';
import { networkProblem, type ProblemView } from '../problem';

/** What every panel needs: the API as the agent, the role, the language, the two zones. */
export interface ConsoleContext {
  api: Api;
  role: ConsoleRole;
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  can: (action: ActionId) => boolean;
  agentZone: string;
  customerZone: string;
}

const Ctx = createContext<ConsoleContext | null>(null);

export function ConsoleProvider(p: { value: ConsoleContext; children: ComponentChildren }) {
  return <Ctx.Provider value={p.value}>{p.children}</Ctx.Provider>;
}

export function useConsole(): ConsoleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useConsole outside ConsoleProvider');
  return c;
}

export const makeContext = (
  api: Api,
  role: ConsoleRole,
  lang: Lang,
  zones: { agent: string; customer: string },
): ConsoleContext => ({
  api,
  role,
  lang,
  t: (key, vars) => translate(lang, key, vars),
  can: (action) => can(role, action),
  agentZone: zones.agent,
  customerZone: zones.customer,
});

export const asProblem = (err: unknown): ProblemView =>
  err instanceof ApiError ? err.problem : networkProblem((err as Error)?.message ?? String(err));

/** A read that shows its problem instead of failing the screen; `reload` after an action. */
export function useLoad<T>(load: (() => Promise<T>) | null, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; problem: ProblemView | null; loading: boolean }>({
    data: null,
    problem: null,
    loading: load !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!load) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, problem: null, loading: false }),
      (err: unknown) => live && setState({ data: null, problem: asProblem(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** An action's state: busy while it runs, its problem after a refusal, `done` after success. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>, after?: (r: T) => void): Promise<T | null> => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await fn();
      after?.(r);
      return r;
    } catch (err) {
      setProblem(asProblem(err));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, run, clear: () => setProblem(null) };
}

/** A time in the customer's zone, with the agent's beside it when they differ. */
export function When(p: { at: string | null | undefined }) {
  const c = useConsole();
  const { customer, agent } = bothTimes(p.at, c.customerZone, c.agentZone, c.lang);
  return (
    <span class="when">
      <span title={c.t('time.customer')}>{customer}</span>
      {agent && (
        <span class="muted">
          {' '}
          ({c.t('time.agent')}: {agent})
        </span>
      )}
    </span>
  );
}
