import { day, money } from '../format';
import type { MessageKey } from '../i18n';
import { useConsole, When } from './context';
import { Panel } from './problem-box';
import type { Account, Answers } from './types';

/** Each account's figures: what the customer most often asks. */
export function AccountsPanel(p: { accounts: Account[] }) {
  const { t, lang } = useConsole();
  return (
    <Panel id="accounts" title={t('accounts.title')}>
      {p.accounts.map((a) => (
        <div key={a.accountId} data-testid={`account-${a.accountId}`}>
          <h3>
            {a.productCode} · {a.accountId} · {a.status}
          </h3>
          <dl class="figures">
            <dt>{t('accounts.balance')}</dt>
            <dd>{money(a.balance, a.currency, lang)}</dd>
            <dt>{t('accounts.availableCredit')}</dt>
            <dd>{money(a.availableCredit, a.currency, lang)}</dd>
            <dt>{t('accounts.creditLimit')}</dt>
            <dd>{money(a.creditLimit, a.currency, lang)}</dd>
            <dt>{t('accounts.minimumDue')}</dt>
            <dd>{money(a.lastStatement?.minimumDueNow ?? null, a.currency, lang)}</dd>
            <dt>{t('accounts.dueDate')}</dt>
            <dd>{day(a.lastStatement?.dueDate)}</dd>
            <dt>{t('accounts.daysPastDue')}</dt>
            <dd>{a.daysPastDue}</dd>
            <dt>{t('accounts.bucket')}</dt>
            <dd>{a.delinquencyBucket}</dd>
            <dt>{t('accounts.inDispute')}</dt>
            <dd>{money(a.amountInDispute, a.currency, lang)}</dd>
            <dt>{t('accounts.timeZone')}</dt>
            <dd>{a.timeZone}</dd>
          </dl>
        </div>
      ))}
    </Panel>
  );
}

/** Ticketing's suggested answers, each with the figures it came from, to read out as they are. */
export function AnswersPanel(p: { answers: Answers | null }) {
  const { t } = useConsole();
  return (
    <Panel id="answers" title={t('answers.title')}>
      {p.answers?.items.map((acc) => (
        <div key={acc.accountId}>
          <h3>
            {acc.productCode} · {acc.accountId}
            {acc.asOf && (
              <span class="muted">
                {' '}
                · {t('answers.asOf')} <When at={acc.asOf} />
              </span>
            )}
          </h3>
          <ul>
            {acc.answers.map((ans) => (
              <li key={ans.question} data-testid={`answer-${ans.question}`}>
                <strong>{t(`answers.q.${ans.question}` as MessageKey)}</strong>: {ans.text}
                <details>
                  <summary>{t('answers.figures')}</summary>
                  <dl class="figures">
                    {Object.entries(ans.figures).map(([k, v]) => [
                      <dt key={`${k}-k`}>{k}</dt>,
                      <dd key={`${k}-v`}>{String(v ?? '—')}</dd>,
                    ])}
                  </dl>
                </details>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Panel>
  );
}
