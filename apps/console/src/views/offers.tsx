import { useState } from 'preact/hooks';
import { fill } from '../api';
import { gatewayPath } from '../actions';
import { enrolBody, nothingAcknowledged, stillMissing, type Acknowledged, type Offer } from '../enrolment';
import { money } from '../format';
import type { MessageKey } from '../i18n';
import { useAction, useConsole, useLoad, When } from './context';
import { Panel, ProblemBox } from './problem-box';

interface OfferSheet {
  customerId: string;
  accountId: string;
  accountLast4: string;
  market: 'US' | 'CN';
  offers: Offer[];
  excluded: { addOn: string; termsVersion: string; failing: string[] }[];
}

interface ConsentRecord {
  enrolmentId: string;
  accountId: string;
  termsVersion: string;
  consent: { expressYesAt: string | null; channel: string | null; scriptVersion: string | null };
}

/** Add-ons the customer may be offered on this account, each excluded one with its rules, and past consents. */
export function OffersPanel(p: { customerId: string; accountId: string }) {
  const c = useConsole();
  const sheet = useLoad(
    c.can('offers.read')
      ? () =>
          c.api.get<OfferSheet>(
            `${fill(gatewayPath('offers.read'), { customerId: p.customerId })}?accountId=${encodeURIComponent(p.accountId)}`,
          )
      : null,
    [p.customerId, p.accountId],
  );
  const consents = useLoad(
    c.can('consents.read')
      ? () =>
          c.api.get<{ items: ConsentRecord[] }>(
            `${gatewayPath('consents.read')}?customerId=${encodeURIComponent(p.customerId)}`,
          )
      : null,
    [p.customerId],
  );
  if (!c.can('offers.read') && !c.can('consents.read')) return null;
  return (
    <Panel
      id={`offers-${p.accountId}`}
      title={c.t('offers.title')}
      loading={sheet.loading}
      problem={sheet.problem}
    >
      {sheet.data?.offers.map((o) => (
        <OfferCard key={o.offerId} sheet={sheet.data as OfferSheet} offer={o} />
      ))}
      {sheet.data && sheet.data.offers.length === 0 && <p>{c.t('offers.none')}</p>}
      {sheet.data && sheet.data.excluded.length > 0 && (
        <>
          <h3>{c.t('offers.excluded')}</h3>
          <ul>
            {sheet.data.excluded.map((x) => (
              <li key={x.addOn}>
                {x.addOn}: <code>{x.failing.join(', ')}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {c.can('consents.read') && (
        <>
          <h3>{c.t('offers.consents')}</h3>
          <ProblemBox problem={consents.problem} />
          <ul>
            {consents.data?.items.map((r) => (
              <li key={r.enrolmentId}>
                {r.termsVersion} · {r.accountId} · {r.consent.channel} · <When at={r.consent.expressYesAt} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

function Check(p: { label: string; checked: boolean; onChange: (v: boolean) => void; testid?: string }) {
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={p.checked}
        data-testid={p.testid}
        onChange={(e) => p.onChange(e.currentTarget.checked)}
      />
      {p.label}
    </label>
  );
}

/** One offer: its script read out line by line; Enroll stays disabled until each disclosure is acknowledged. */
function OfferCard(p: { sheet: OfferSheet; offer: Offer }) {
  const c = useConsole();
  const { offer, sheet } = p;
  const act = useAction();
  const [ack, setAck] = useState<Acknowledged>(nothingAcknowledged());
  const [enrolled, setEnrolled] = useState<string | null>(null);
  const set = (patch: Partial<Acknowledged>) => setAck((a) => ({ ...a, ...patch }));
  const toggleLine = (i: number, on: boolean) =>
    setAck((a) => {
      const script = new Set(a.script);
      if (on) script.add(i);
      else script.delete(i);
      return { ...a, script };
    });
  const missing = stillMissing(offer, ack, sheet.market);
  const fee = offer.pricing.monthlyFee ?? offer.pricing.minimumFee;
  const describeMissing = (m: string) => {
    const [key, n] = m.split(':');
    return c.t(key as MessageKey, { n: n ?? '' });
  };
  return (
    <div data-testid={`offer-${offer.addOn}`}>
      <h3>
        {offer.name} · {offer.termsVersion}
      </h3>
      <p>
        {offer.pricing.kind} · {money(fee, offer.currency, c.lang)}
        {offer.pricing.feeBps !== null && ` · ${(offer.pricing.feeBps / 100).toFixed(2)}%`}
        {offer.pricing.freeTrial && ` · ${c.t('offers.freeTrial')}`}
      </p>
      {c.can('enrolment.create') && !enrolled && (
        <fieldset>
          <legend>{c.t('offers.script')}</legend>
          <ol class="script">
            {offer.script.map((line, i) => (
              <li key={i}>
                <p>{line}</p>
                <Check
                  label={c.t('offers.readAndAcknowledged')}
                  checked={ack.script.has(i)}
                  onChange={(v) => toggleLine(i, v)}
                  testid="ack-script"
                />
              </li>
            ))}
          </ol>
          <Check
            label={c.t('offers.priceDisclosed')}
            checked={ack.price}
            onChange={(v) => set({ price: v })}
            testid="ack-price"
          />
          <Check
            label={c.t('offers.optionalDisclosed')}
            checked={ack.optional}
            onChange={(v) => set({ optional: v })}
            testid="ack-optional"
          />
          {offer.exclusions.length > 0 && (
            <>
              <ul>
                {offer.exclusions.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
              <Check
                label={c.t('offers.exclusionsRead')}
                checked={ack.exclusions}
                onChange={(v) => set({ exclusions: v })}
                testid="ack-exclusions"
              />
            </>
          )}
          {offer.pricing.freeTrial && (
            <Check
              label={c.t('offers.conversion')}
              checked={ack.conversion !== null}
              onChange={(v) => set({ conversion: v ? Date.now() : null })}
              testid="ack-conversion"
            />
          )}
          {sheet.market === 'CN' && (
            <Check
              label={c.t('offers.sensitivePi')}
              checked={ack.sensitivePi !== null}
              onChange={(v) => set({ sensitivePi: v ? Date.now() : null })}
              testid="ack-sensitive"
            />
          )}
          {offer.addOn === 'BALANCE_TRANSFER' && (
            <label>
              {c.t('offers.transferAmount')} ({offer.currency})
              <input
                inputMode="decimal"
                onInput={(e) => {
                  const v = Math.round(Number(e.currentTarget.value) * 100);
                  set({ transferAmount: Number.isFinite(v) && v > 0 ? v : null });
                }}
              />
            </label>
          )}
          <label>
            {c.t('offers.recordingRef')}
            <input
              data-testid="recording-ref"
              value={ack.recordingRef}
              onInput={(e) => set({ recordingRef: e.currentTarget.value })}
            />
          </label>
          <Check
            label={c.t('offers.expressYes')}
            checked={ack.expressYes !== null}
            onChange={(v) => set({ expressYes: v ? Date.now() : null })}
            testid="ack-yes"
          />
          {missing.length > 0 && (
            <div aria-live="polite">
              <p>{c.t('offers.stillMissing', { n: missing.length })}</p>
              <ul data-testid="enrol-missing">
                {missing.map((m) => (
                  <li key={m}>{describeMissing(m)}</li>
                ))}
              </ul>
            </div>
          )}
          <button
            type="button"
            data-testid="enrol"
            disabled={act.busy || missing.length > 0}
            aria-disabled={act.busy || missing.length > 0}
            onClick={() =>
              act.run(
                () =>
                  c.api.post<{ enrolmentId: string }>(
                    gatewayPath('enrolment.create'),
                    enrolBody(sheet, offer, ack),
                  ),
                (r) => setEnrolled(r.enrolmentId),
              )
            }
          >
            {c.t('offers.enrol')}
          </button>
        </fieldset>
      )}
      {enrolled && <p data-testid="enrolled">{c.t('offers.enrolled', { id: enrolled })}</p>}
      <ProblemBox problem={act.problem} />
    </div>
  );
}
