import type { ComponentChildren } from 'preact';
import type { ProblemView } from '../problem';
import { useConsole, When } from './context';

/** An API refusal as the problem+json says: title, detail, the refused rule. Announced to screen readers. */
export function ProblemBox(p: { problem: ProblemView | null }) {
  const { t } = useConsole();
  if (!p.problem) return null;
  const { title, detail, rules, missing, nextAllowedAt, status } = p.problem;
  return (
    <div class="problem" role="alert" data-testid="problem">
      <strong>
        {title}
        {status ? ` (${status})` : ''}
      </strong>
      {detail && <p>{detail}</p>}
      {rules.length > 0 && (
        <p data-testid="problem-rule">
          {t('problem.rule')}: <code>{rules.join(', ')}</code>
        </p>
      )}
      {nextAllowedAt && (
        <p>
          {t('problem.nextAllowedAt')}: <When at={nextAllowedAt} />
        </p>
      )}
      {missing.length > 0 && (
        <ul aria-label={t('problem.missing')}>
          {missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A panel: a labelled region with its heading, its loading state and its problem. */
export function Panel(p: {
  id: string;
  title: string;
  loading?: boolean;
  problem?: ProblemView | null;
  children?: ComponentChildren;
}) {
  const { t } = useConsole();
  return (
    <section class="panel" aria-labelledby={`${p.id}-h`} data-testid={p.id}>
      <h2 id={`${p.id}-h`}>{p.title}</h2>
      {p.loading && <p aria-live="polite">{t('common.loading')}</p>}
      <ProblemBox problem={p.problem ?? null} />
      {p.children}
    </section>
  );
}
