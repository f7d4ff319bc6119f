import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, ApiError, fill } from '../api';
import { gatewayPath } from '../actions';
import { customerPath, searchKind, uniqueMatches, type Match } from '../search';
import { AccountsPanel, AnswersPanel } from './accounts';
import { ApplicationPanel } from './application';
import { CardsPanel } from './cards';
import { CasesPanel } from './cases';
import { CollectionsPanel } from './collections';
import { ConsoleProvider, makeContext, useConsole, useLoad, type ConsoleContext } from './context';
import { DisputesPanel } from './disputes';
import { OffersPanel } from './offers';
import { Panel } from './problem-box';
import { TimelinePanel } from './timeline';
import type { Account, Answers, Card } from './types';

interface Loaded {
  customerId: string;
  accounts: Account[];
  answers: Answers | null;
}

/**
 * The customers a search finds, each from the service that owns what was
 * typed (search.ts): cards by the last four, ticketing by the phone on file,
 * sales by the name on the application. Null when the query is an id.
 */
export async function searchCustomers(
  api: Api,
  query: string,
  can: (a: 'search.last4' | 'search.phone' | 'search.name') => boolean,
): Promise<Match[] | null> {
  const q = query.trim();
  const kind = searchKind(q);
  if (kind === 'last4' && can('search.last4')) {
    const { items } = await api.get<{ items: Card[] }>(`${gatewayPath('search.last4')}?last4=${q}`);
    return uniqueMatches(
      items.map((c) => ({ customerId: c.customerId, hints: [c.maskedNumber, c.accountId] })),
    );
  }
  if (kind === 'phone' && can('search.phone')) {
    const { items } = await api.post<{ items: { customerId: string; caseIds: string[] }[] }>(
      gatewayPath('search.phone'),
      { phone: q },
    );
    return uniqueMatches(items.map((m) => ({ customerId: m.customerId, hints: m.caseIds })));
  }
  if (kind === 'name' && can('search.name')) {
    const { items } = await api.post<{ items: { customerId: string; accountIds: string[] }[] }>(
      gatewayPath('search.name'),
      { name: q },
    );
    return uniqueMatches(items.map((m) => ({ customerId: m.customerId, hints: m.accountIds })));
  }
  return null;
}

/**
 * Finds the customer from an id the agent typed or picked: a customer id
 * (ticketing knows their accounts), else an account id (the ledger names its customer).
 */
export async function findCustomer(api: Api, query: string): Promise<Loaded> {
  const answersOf = (customerId: string) =>
    api.get<Answers>(fill(gatewayPath('answers.read'), { customerId }));
  let customerId = query;
  let answers: Answers | null = null;
  try {
    answers = await answersOf(query);
  } catch (err) {
    if (!(err instanceof ApiError) || err.problem.status !== 404) throw err;
    const account = await api.get<Account>(fill(gatewayPath('account.read'), { accountId: query }));
    customerId = account.customerId;
    answers = await answersOf(customerId).catch(() => null);
  }
  const ids = answers?.items.map((a) => a.accountId) ?? [query];
  const accounts = await Promise.all(
    ids.map((accountId) => api.get<Account>(fill(gatewayPath('account.read'), { accountId }))),
  );
  return { customerId, accounts, answers };
}

/** One screen per customer: figures, cards, cases, disputes, collections, offers, answers, timeline. */
export function CustomerView(p: { query: string; onOpen: (customerId: string) => void }) {
  const c = useConsole();
  const found = useLoad(() => searchCustomers(c.api, p.query, c.can), [p.query]);
  // The one customer found: their id in the address, where the search's words were not put.
  const only = found.data?.length === 1 ? found.data[0]?.customerId : undefined;
  useEffect(() => {
    if (only) history.replaceState(null, '', customerPath(only));
  }, [only]);
  if (found.loading || found.problem)
    return (
      <Panel
        id="customer"
        title={c.t('customer.title', { id: p.query })}
        loading={found.loading}
        problem={found.problem}
      />
    );
  const matches = found.data;
  if (matches === null) return <CustomerScreen query={p.query} />;
  if (matches.length === 1 && matches[0]) return <CustomerScreen query={matches[0].customerId} />;
  return (
    <Panel id="search-matches" title={c.t('search.matches', { query: p.query })}>
      {matches.length === 0 && <p>{c.t('search.none')}</p>}
      <ul>
        {matches.map((m) => (
          <li key={m.customerId}>
            <button type="button" class="secondary" onClick={() => p.onOpen(m.customerId)}>
              {m.customerId}
            </button>{' '}
            <span class="muted">{m.hints.join(' · ')}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** The customer's screen once the customer is known (an id, or the one match of a search). */
function CustomerScreen(p: { query: string }) {
  const outer = useConsole();
  const [refresh, setRefresh] = useState(0);
  const bump = () => setRefresh((n) => n + 1);
  const found = useLoad(() => findCustomer(outer.api, p.query), [p.query]);
  const customerZone = found.data?.accounts[0]?.timeZone ?? outer.agentZone;
  const inner: ConsoleContext = useMemo(
    () => makeContext(outer.api, outer.role, outer.lang, { agent: outer.agentZone, customer: customerZone }),
    [outer.api, outer.role, outer.lang, outer.agentZone, customerZone],
  );
  if (!found.data)
    return (
      <Panel
        id="customer"
        title={outer.t('customer.title', { id: p.query })}
        loading={found.loading}
        problem={found.problem}
      />
    );
  const { customerId, accounts, answers } = found.data;
  const first = accounts[0];
  return (
    <ConsoleProvider value={inner}>
      <h2 data-testid="customer-heading">
        {outer.t('customer.title', { id: customerId })}{' '}
        <span class="muted">
          · {outer.t('time.customer')}: {customerZone} · {outer.t('time.agent')}: {outer.agentZone}
        </span>
      </h2>
      <div class="grid">
        <AccountsPanel accounts={accounts} />
        <AnswersPanel answers={answers} />
        <CasesPanel customerId={customerId} accountId={first?.accountId ?? null} onChange={bump} />
        {accounts.map((a) => (
          <CardsPanel key={`c-${a.accountId}`} accountId={a.accountId} onChange={bump} />
        ))}
        {accounts.map((a) => (
          <DisputesPanel
            key={`d-${a.accountId}`}
            accountId={a.accountId}
            currency={a.currency}
            refresh={refresh}
          />
        ))}
        {accounts.map((a) => (
          <CollectionsPanel key={`k-${a.accountId}`} accountId={a.accountId} onChange={bump} />
        ))}
        {accounts.map((a) => (
          <OffersPanel key={`o-${a.accountId}`} customerId={customerId} accountId={a.accountId} />
        ))}
        <ApplicationPanel customerId={customerId} />
      </div>
      <TimelinePanel customerId={customerId} refresh={refresh} />
    </ConsoleProvider>
  );
}
