import { useMemo, useState } from 'preact/hooks';
import { Api, ApiError, fill } from '../api';
import { gatewayPath } from '../actions';
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
import type { Account, Answers } from './types';

interface Loaded {
  customerId: string;
  accounts: Account[];
  answers: Answers | null;
}

/**
 * Finds the customer from what the agent typed: a customer id (ticketing
 * knows their accounts), else an account id (the ledger names its customer).
 * No service searches customers by name or phone yet: see docs/adr/0028-agent-console.md.
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
export function CustomerView(p: { query: string }) {
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
