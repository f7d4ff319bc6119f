import { useState } from 'preact/hooks';
import { gatewayPath } from '../actions';
import { useAction, useConsole } from './context';
import { Panel, ProblemBox } from './problem-box';

interface ApplicationView {
  applicationId: string;
  status: string;
}

const empty = {
  fullName: '',
  dateOfBirth: '',
  line1: '',
  city: '',
  postalCode: '',
  country: 'US',
  nationalId: '',
};

/** Taking a card application by phone: identity, address, and the credit-check consent if the applicant gives it. */
export function ApplicationPanel(p: { customerId: string | null }) {
  const c = useConsole();
  const act = useAction();
  const [f, setF] = useState(empty);
  const [consent, setConsent] = useState(false);
  const [taken, setTaken] = useState<ApplicationView | null>(null);
  if (!c.can('application.create')) return null;
  const field = (name: keyof typeof empty, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        required
        value={f[name]}
        onInput={(e) => setF({ ...f, [name]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <Panel id="application" title={c.t('application.title')}>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(
            () =>
              c.api.post<ApplicationView>(gatewayPath('application.create'), {
                market: f.country === 'CN' ? 'CN' : 'US',
                productCode: 'CLASSIC',
                ...(p.customerId ? { customerId: p.customerId } : {}),
                identity: {
                  fullName: f.fullName,
                  dateOfBirth: f.dateOfBirth,
                  address: { line1: f.line1, city: f.city, postalCode: f.postalCode, country: f.country },
                  nationalId: f.nationalId,
                },
                ...(consent ? { creditCheckConsent: { channel: 'PHONE' } } : {}),
              }),
            (r) => {
              setTaken(r);
              setF(empty);
            },
          );
        }}
      >
        {field('fullName', c.t('application.fullName'))}
        {field('dateOfBirth', c.t('application.dateOfBirth'), 'date')}
        {field('line1', c.t('application.line1'))}
        {field('city', c.t('application.city'))}
        {field('postalCode', c.t('application.postalCode'))}
        {field('country', c.t('application.country'))}
        {field('nationalId', c.t('application.nationalId'), 'password')}
        <label class="check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          {c.t('application.consent')}
        </label>
        <button type="submit" disabled={act.busy}>
          {c.t('application.take')}
        </button>
      </form>
      {taken && (
        <p data-testid="application-taken">
          {c.t('application.taken', { id: taken.applicationId, status: taken.status })}
        </p>
      )}
      <ProblemBox problem={act.problem} />
    </Panel>
  );
}
