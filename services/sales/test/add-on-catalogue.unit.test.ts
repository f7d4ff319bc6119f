import {
  ACCOUNT_LAST4,
  CATALOGUE,
  formatMoney,
  oneOffFee,
  requiredScript,
  termsInEffect,
} from '../src/domain/add-on-catalogue';
import { ADD_ON_POLICIES } from '../src/domain/policy';

describe('the add-on catalogue', () => {
  it('gives each terms version once, with its own script version', () => {
    const versions = CATALOGUE.map((t) => t.termsVersion);
    expect(new Set(versions).size).toBe(versions.length);
    expect(new Set(CATALOGUE.map((t) => t.scriptVersion)).size).toBe(versions.length);
  });

  it('offers the terms in effect at the time: PP-US-1 until October 2026, PP-US-2 from then', () => {
    expect(termsInEffect('US', 'PAYMENT_PROTECTION', Date.UTC(2026, 8, 30))?.termsVersion).toBe('PP-US-1');
    expect(termsInEffect('US', 'PAYMENT_PROTECTION', Date.UTC(2026, 9, 1))?.termsVersion).toBe('PP-US-2');
    expect(termsInEffect('CN', 'BALANCE_TRANSFER', Date.UTC(2026, 9, 1))).toBeNull();
  });

  it.each(CATALOGUE.map((t) => [t.termsVersion, t] as const))(
    '%s: the script says it is optional, gives the price, reads every exclusion and the right to cancel',
    (_v, t) => {
      const p = ADD_ON_POLICIES[t.market];
      const script = requiredScript(t, p).join('\n');
      expect(script).toContain('is optional');
      const price =
        t.pricing.kind === 'MONTHLY'
          ? `${formatMoney(t.pricing.monthlyFee, t.currency)} a month`
          : formatMoney(t.pricing.minimumFee, t.currency);
      expect(script).toContain(price);
      for (const e of t.exclusions) expect(script).toContain(e);
      expect(script).toContain(`Within ${p.coolingOffDays} days`);
      const trial = t.pricing.kind === 'MONTHLY' && t.pricing.freeTrial;
      // "Free" never stands without the price that follows and the question that converts it.
      expect(script.includes('free')).toBe(trial);
      expect(script.includes(`account ending ${ACCOUNT_LAST4}?`)).toBe(trial);
    },
  );

  it('charges a balance transfer 3% of the amount, at least USD 5.00, rounded up to the cent', () => {
    const pricing = { kind: 'ONE_OFF' as const, feeBps: 300, minimumFee: 500 };
    expect(oneOffFee(pricing, 10_000)).toBe(500);
    expect(oneOffFee(pricing, 100_001)).toBe(3_001);
  });
});
