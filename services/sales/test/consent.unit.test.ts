import type { ConsentElement, ConsentRecord } from '../src/domain/consent';
import { DAY } from '../src/domain/policy';
import {
  completeConsent,
  eligible,
  enrolCommand,
  enrolmentSpec,
  salesAgent,
  T,
  terms,
  usCustomer,
} from './support';

const { given } = enrolmentSpec;

const agent = salesAgent;
const protection = terms('PP-US-2');
const customer = usCustomer;
const enrol = enrolCommand;
const withConsent = (over: Partial<ConsentRecord>) => enrol({ consent: completeConsent(protection, over) });
const conversion = completeConsent(protection).conversion!;

describe('enrolment needs a complete consent record', () => {
  it('enrols on a complete record, keeping the record as the proof of the sale', () => {
    given()
      .when(enrol())
      .then([
        {
          type: 'sales.enrolment.enrolled.v1',
          payload: {
            enrolmentId: 'enr_1',
            ...customer,
            addOn: 'PAYMENT_PROTECTION',
            termsVersion: 'PP-US-2',
            pricing: { kind: 'MONTHLY', monthlyFee: 1_499, freeTrial: true },
            currency: 'USD',
            consent: completeConsent(protection),
            eligibilityPassed: [
              'NOT_DELINQUENT',
              'NOT_IN_COLLECTIONS_OR_HARDSHIP',
              'NO_OPEN_FRAUD_CASE',
              'NOT_ON_DO_NOT_CALL',
              'MARKETING_CONSENT',
              'CALLING_HOURS',
              'PRODUCT_SUITABILITY',
            ],
            trialEndsAt: T + 30 * DAY,
            billingStartsAt: null,
            actor: agent,
            enrolledAt: T,
          },
        },
      ]);
  });

  const missing: [ConsentElement, string, Partial<ConsentRecord>][] = [
    ['OFFER_AND_TERMS_SHOWN', 'no offer recorded', { offerId: null }],
    ['OFFER_AND_TERMS_SHOWN', 'another terms version shown', { termsVersionShown: 'PP-US-1' }],
    ['PRICE_DISCLOSED', 'the price not disclosed', { priceDisclosed: false }],
    ['OPTIONAL_DISCLOSED', '"optional" not disclosed', { optionalDisclosed: false }],
    ['EXCLUSIONS_READ', 'the exclusions not read', { exclusionsRead: false }],
    ['EXPRESS_YES', 'no express yes', { expressYesAt: null }],
    ['EXPRESS_YES', 'a yes timestamped in the future', { expressYesAt: T + 60_000 }],
    ['CHANNEL', 'no channel', { channel: null }],
    ['SCRIPT_VERSION', 'no script version', { scriptVersion: null }],
    ['SCRIPT_VERSION', 'the script of other terms', { scriptVersion: 'PP-US-1.script-1' }],
    ['RECORDING_REFERENCE', 'no recording reference', { recordingRef: null }],
    ['RECORDING_REFERENCE', 'a blank recording reference', { recordingRef: '  ' }],
    [
      'CONVERSION_AGREEMENT',
      'a conversion without express agreement',
      { conversion: { ...conversion, expressAgreementAt: null } },
    ],
    [
      'CHARGE_ACCOUNT_LAST_FOUR',
      'a conversion naming no account',
      { conversion: { ...conversion, accountLast4: null } },
    ],
    [
      'CHARGE_ACCOUNT_LAST_FOUR',
      'a conversion naming another account',
      { conversion: { ...conversion, accountLast4: '1111' } },
    ],
    [
      'CONVERSION_RECORDING',
      'a conversion without its recording',
      { conversion: { ...conversion, recordingRef: null } },
    ],
  ];

  it.each(missing)('%s missing blocks the enrolment: %s', (element, _what, change) => {
    const refusal = given()
      .when(withConsent(change))
      .thenThrows({ code: 'INVALID', missing: [element] });
    expect(refusal.message).toContain(element);
  });

  it('SENSITIVE_PI_CONSENT missing blocks the enrolment of a customer in China', () => {
    const cnTerms = terms('PP-CN-1');
    const cn = {
      customer: { ...customer, market: 'CN' as const },
      standing: { ...eligible, timeZone: 'Asia/Shanghai' },
      terms: cnTerms,
      // 10:00 in Shanghai.
      now: Date.parse('2026-12-02T10:00:00+08:00'),
    };
    const consent = completeConsent(cnTerms, { expressYesAt: cn.now - 60_000 });
    given()
      .when(enrol({ ...cn, consent }))
      .thenThrows({ code: 'INVALID', missing: ['SENSITIVE_PI_CONSENT'] });
    given()
      .when(enrol({ ...cn, consent: { ...consent, sensitivePiConsentAt: cn.now - 120_000 } }))
      .thenEventsMatch([
        { type: 'sales.enrolment.enrolled.v1', payload: { market: 'CN', termsVersion: 'PP-CN-1' } },
      ]);
  });

  it('names every missing element at once', () => {
    const empty: ConsentRecord = {
      offerId: null,
      termsVersionShown: null,
      priceDisclosed: false,
      optionalDisclosed: false,
      exclusionsRead: false,
      expressYesAt: null,
      channel: null,
      scriptVersion: null,
      recordingRef: null,
      sensitivePiConsentAt: null,
      conversion: { expressAgreementAt: null, accountLast4: null, recordingRef: null },
    };
    given()
      .when(enrol({ consent: empty }))
      .thenThrows({
        code: 'INVALID',
        missing: [
          'OFFER_AND_TERMS_SHOWN',
          'PRICE_DISCLOSED',
          'OPTIONAL_DISCLOSED',
          'EXCLUSIONS_READ',
          'EXPRESS_YES',
          'CHANNEL',
          'SCRIPT_VERSION',
          'RECORDING_REFERENCE',
          'CONVERSION_AGREEMENT',
          'CHARGE_ACCOUNT_LAST_FOUR',
          'CONVERSION_RECORDING',
        ],
      });
  });

  it('enrols a trial without a conversion agreement as a trial that can only lapse', () => {
    const story = given().after(withConsent({ conversion: null }));
    expect(story.state?.conversionAgreedAt).toBeNull();
    story.when({ kind: 'Tick', now: T + 30 * DAY }).thenEventsMatch([{ type: 'sales.enrolment.lapsed.v1' }]);
  });

  it('never enrols an ineligible customer, whatever the consent', () => {
    given()
      .when(enrol({ standing: { ...eligible, onDoNotCall: true, openFraudCase: true } }))
      .thenThrows({ code: 'INVALID_STATE', failing: ['NO_OPEN_FRAUD_CASE', 'NOT_ON_DO_NOT_CALL'] });
  });

  it('enrols only under terms in effect, of the customer’s market', () => {
    const retired = terms('PP-US-1');
    given()
      .when(enrol({ terms: retired, consent: completeConsent(retired) }))
      .thenThrows('INVALID', 'not in effect');
    given()
      .when(enrol({ terms: terms('PP-CN-1') }))
      .thenThrows('INVALID', 'are for CN, not US');
  });
});
