import { useMemo, useState } from 'preact/hooks';
import { Api } from '../api';
import { CONSOLE_ROLES, type ConsoleRole } from '../actions';
import type { Lang } from '../format';
import { translate } from '../i18n';
import type { ProblemView } from '../problem';
import { keepSession, savedSession, signIn, type Session } from '../session';
import { ApplicationPanel } from './application';
import { asProblem, ConsoleProvider, makeContext } from './context';
import { CustomerView } from './customer';
import { ProblemBox } from './problem-box';
import { customerPath, searchKind } from '../search';
import { traineeSubject } from '../training';
import { TrainingBanner, TrainingEntry, TrainingPanel, useSandbox } from './training';

const agentZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const BASE = '/console';

/** The customer in the address (/console/customers/:id), so a reload or a shared link opens the same screen. */
const queryInPath = (): string => {
  const m = /\/customers\/([^/?#]+)/.exec(location.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
};

const newCorrelation = (): string => globalThis.crypto?.randomUUID?.() ?? `c-${Date.now()}`;

export function App() {
  const [lang, setLang] = useState<Lang>(() =>
    localStorage.getItem('cardline.console.lang') === 'zh' ? 'zh' : 'en',
  );
  const [session, setSession] = useState<Session | null>(() => savedSession());
  const sandbox = useSandbox();
  const [query, setQuery] = useState(queryInPath());
  const [typed, setTyped] = useState(query);
  const [callId, setCallId] = useState(newCorrelation());
  const api = useMemo(() => {
    if (!session) return null;
    const a = new Api(session.token);
    a.correlationId = callId;
    return a;
  }, [session, callId]);
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) =>
    translate(lang, k, v);
  const switchLang = (l: Lang) => {
    setLang(l);
    localStorage.setItem('cardline.console.lang', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  };
  const open = (q: string) => {
    setQuery(q);
    setCallId(newCorrelation()); // a new customer is a new call: its own correlated chain
    // A name or a phone number stays out of the address (and the history, and the gateway's access log).
    history.pushState(null, '', q && searchKind(q) === 'id' ? customerPath(q) : BASE);
  };
  return (
    <>
      {sandbox && <TrainingBanner sandbox={sandbox} lang={lang} />}
      <header class="top">
        <h1>{t('app.title')}</h1>
        <label>
          {t('app.language')}
          <select value={lang} onChange={(e) => switchLang(e.currentTarget.value as Lang)}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        {!sandbox && <TrainingEntry lang={lang} />}
        {session && (
          <>
            <span data-testid="signed-in-role">
              {t('app.signedInAs', { subject: session.subject, role: t(`role.${session.role}`) })}
            </span>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                keepSession(null);
                setSession(null);
              }}
            >
              {t('app.signOut')}
            </button>
          </>
        )}
      </header>
      <main>
        {!session || !api ? (
          <SignIn
            lang={lang}
            trainee={sandbox !== null}
            onSignedIn={(s) => {
              keepSession(s);
              setSession(s);
            }}
          />
        ) : (
          <ConsoleProvider
            value={makeContext(api, session.role, lang, { agent: agentZone, customer: agentZone })}
          >
            {sandbox && <TrainingPanel onOpenCustomer={open} />}
            <form
              role="search"
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                open(typed.trim());
              }}
            >
              <label>
                {t('search.label')}
                <input
                  name="customer"
                  value={typed}
                  placeholder={t('search.placeholder')}
                  onInput={(e) => setTyped(e.currentTarget.value)}
                />
              </label>
              <button type="submit">{t('search.go')}</button>
              {query && (
                <button type="button" class="secondary" onClick={() => setCallId(newCorrelation())}>
                  {t('search.newCall')}
                </button>
              )}
            </form>
            {query ? (
              <CustomerView key={`${query}-${callId}`} query={query} onOpen={open} />
            ) : (
              <ApplicationPanel customerId={null} />
            )}
          </ConsoleProvider>
        )}
      </main>
    </>
  );
}

function SignIn(p: { lang: Lang; trainee: boolean; onSignedIn: (s: Session) => void }) {
  const t = (k: Parameters<typeof translate>[1]) => translate(p.lang, k);
  const [role, setRole] = useState<ConsoleRole>('agent');
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  return (
    <form
      class="panel"
      aria-labelledby="signin-h"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        signIn(role, fetch, p.trainee ? traineeSubject(name, role) : undefined)
          .then(p.onSignedIn, (err: unknown) => setProblem(asProblem(err)))
          .finally(() => setBusy(false));
      }}
    >
      <h2 id="signin-h">{t('signin.title')}</h2>
      <p class="muted">{t('signin.local')}</p>
      <label>
        {t('signin.role')}
        <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as ConsoleRole)}>
          {CONSOLE_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {p.trainee && (
        <label>
          {t('training.trainee')}
          <input name="trainee" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {t('signin.go')}
      </button>
      {problem && <StaticProblem lang={p.lang} problem={problem} />}
    </form>
  );
}

/** The problem box before sign-in, when there is no console context yet. */
function StaticProblem(p: { lang: Lang; problem: ProblemView }) {
  const api = useMemo(() => new Api(''), []);
  return (
    <ConsoleProvider value={makeContext(api, 'agent', p.lang, { agent: agentZone, customer: agentZone })}>
      <ProblemBox problem={p.problem} />
    </ConsoleProvider>
  );
}
