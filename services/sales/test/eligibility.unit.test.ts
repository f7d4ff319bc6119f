import {
  failingRules,
  withinCallingHours,
  type CustomerStanding,
  type EligibilityRule,
} from '../src/domain/eligibility';
import { ADD_ON_POLICIES } from '../src/domain/policy';
import { eligible, T, terms } from './support';

const us = ADD_ON_POLICIES.US;
const protection = terms('PP-US-2');
const upgrade = terms('UPG-US-1');

describe('eligibility for an add-on offer', () => {
  it('lets through a customer who meets every rule', () => {
    expect(failingRules(eligible, protection, us, T)).toEqual([]);
  });

  const exclusions: [EligibilityRule, string, Partial<CustomerStanding>][] = [
    ['NOT_DELINQUENT', 'a customer 1 day past due', { daysPastDue: 1 }],
    ['NOT_IN_COLLECTIONS_OR_HARDSHIP', 'a customer in collections', { inCollections: true }],
    ['NOT_IN_COLLECTIONS_OR_HARDSHIP', 'a customer on a hardship programme', { inHardship: true }],
    ['NO_OPEN_FRAUD_CASE', 'a customer with an open fraud case', { openFraudCase: true }],
    ['NOT_ON_DO_NOT_CALL', 'a customer on the do-not-call list', { onDoNotCall: true }],
    ['MARKETING_CONSENT', 'a customer without marketing consent on file', { marketingConsent: false }],
    ['CALLING_HOURS', 'a customer whose local time is 04:00 (Shanghai)', { timeZone: 'Asia/Shanghai' }],
    [
      'PRODUCT_SUITABILITY',
      'a self-employed customer from unemployment cover',
      { employmentStatus: 'SELF_EMPLOYED' },
    ],
    [
      'PRODUCT_SUITABILITY',
      'a customer of unknown employment from unemployment cover',
      { employmentStatus: null },
    ],
  ];

  it.each(exclusions)('%s excludes %s, and names only that rule', (rule, _who, change) => {
    expect(failingRules({ ...eligible, ...change }, protection, us, T)).toEqual([rule]);
  });

  it('suitability depends on the product: an upgrade suits a customer without a job', () => {
    expect(failingRules({ ...eligible, employmentStatus: 'UNEMPLOYED' }, upgrade, us, T)).toEqual([]);
  });

  it('names every rule that excludes, in order', () => {
    const everything: CustomerStanding = {
      daysPastDue: 45,
      inCollections: true,
      inHardship: true,
      openFraudCase: true,
      onDoNotCall: true,
      marketingConsent: false,
      timeZone: 'Asia/Shanghai',
      employmentStatus: 'RETIRED',
    };
    expect(failingRules(everything, protection, us, T)).toEqual([
      'NOT_DELINQUENT',
      'NOT_IN_COLLECTIONS_OR_HARDSHIP',
      'NO_OPEN_FRAUD_CASE',
      'NOT_ON_DO_NOT_CALL',
      'MARKETING_CONSENT',
      'CALLING_HOURS',
      'PRODUCT_SUITABILITY',
    ]);
  });

  describe('calling hours are 08:00–21:00 in the customer’s own time zone', () => {
    const zones: [string, string][] = [
      ['America/New_York', '-05:00'],
      ['Asia/Shanghai', '+08:00'],
    ];
    const local = (time: string, offset: string) => Date.parse(`2026-12-01T${time}:00${offset}`);

    it.each(zones)('in %s: 07:59 is out, 08:00 in, 20:59 in, 21:00 out', (zone, offset) => {
      const at = (time: string) => withinCallingHours(local(time, offset), zone, us);
      expect([at('07:59'), at('08:00'), at('20:59'), at('21:00')]).toEqual([false, true, true, false]);
      const rules = (time: string) =>
        failingRules({ ...eligible, timeZone: zone }, protection, us, local(time, offset));
      expect(rules('21:00')).toEqual(['CALLING_HOURS']);
      expect(rules('08:00')).toEqual([]);
    });

    it('treats a time zone it cannot read as outside the calling hours', () => {
      expect(failingRules({ ...eligible, timeZone: 'Mars/Olympus' }, protection, us, T)).toEqual([
        'CALLING_HOURS',
      ]);
    });

    it('follows daylight saving: 20:30 EDT in July is inside, 21:00 EDT outside', () => {
      expect(withinCallingHours(Date.parse('2026-07-01T20:30:00-04:00'), 'America/New_York', us)).toBe(true);
      expect(withinCallingHours(Date.parse('2026-07-01T21:00:00-04:00'), 'America/New_York', us)).toBe(false);
    });
  });
});
