import fc from 'fast-check';
import { report, type OutboundMessage } from '../src/delivery/delivery';
import { deliveryStatus, DISTRIBUTIONS, kindOf, OUTCOME_OF, slotOf } from '../src/delivery/outcome';
import { stableHash } from '../src/domain/strategies';

const T0 = Date.UTC(2026, 2, 4, 15, 0);
const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'att_1',
  source: 'COLLECTIONS',
  caseId: 'col_1',
  accountId: 'acc_1',
  channel: 'SMS',
  purpose: 'TREATMENT',
  contactRef: 'phone:on-file',
  ...over,
});

/** Message ids whose slot is `slot` (the test's own search, so the expectations name slots, not magic ids). */
const idWithSlot = (slot: number): string => {
  for (let i = 0; ; i++) if (stableHash(`m${i}`) % 100 === slot) return `m${i}`;
};

describe('the simulated delivery adapter and dialer', () => {
  it('reads the status from the message id’s slot: the FNV-1a hash modulo 100', () => {
    for (const id of ['att_1', 'att_2', 'col_x:csat-survey']) expect(slotOf(id)).toBe(stableHash(id) % 100);
  });

  it('delivers a message in slots 0–89 and fails it in 90–99', () => {
    expect(deliveryStatus(idWithSlot(0), 'SMS').status).toBe('DELIVERED');
    expect(deliveryStatus(idWithSlot(89), 'EMAIL').status).toBe('DELIVERED');
    expect(deliveryStatus(idWithSlot(90), 'WECHAT').status).toBe('FAILED');
    expect(deliveryStatus(idWithSlot(99), 'CHAT').status).toBe('FAILED');
  });

  it('dials: answered 0–29, no answer 30–79, wrong party 80–89, failed 90–99', () => {
    expect(deliveryStatus(idWithSlot(29), 'CALL').status).toBe('ANSWERED');
    expect(deliveryStatus(idWithSlot(30), 'CALL').status).toBe('NO_ANSWER');
    expect(deliveryStatus(idWithSlot(79), 'PHONE').status).toBe('NO_ANSWER');
    expect(deliveryStatus(idWithSlot(80), 'FIELD_VISIT').status).toBe('WRONG_PARTY');
    expect(deliveryStatus(idWithSlot(90), 'CALL').status).toBe('FAILED');
  });

  it('treats calls, visits and phone replies as voice, everything else as a message', () => {
    expect(['CALL', 'FIELD_VISIT', 'PHONE'].map(kindOf)).toEqual(['VOICE', 'VOICE', 'VOICE']);
    expect(['SMS', 'EMAIL', 'LETTER', 'WECHAT', 'CHAT'].map(kindOf)).toEqual(Array(5).fill('MESSAGE'));
  });

  it('covers every slot exactly once in each distribution, ending at 100', () => {
    for (const ranges of Object.values(DISTRIBUTIONS)) {
      const bounds = ranges.map((r) => r.upTo);
      expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
      expect(bounds.at(-1)).toBe(100);
    }
  });

  it('gives the same report for the same id on every call, whatever else was asked (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom('CALL', 'SMS', 'EMAIL'), (id, channel) => {
        expect(deliveryStatus(id, channel)).toEqual(deliveryStatus(id, channel));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits 20,000 attempt ids close to the documented shares (within 1.5 points)', () => {
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const s = deliveryStatus(`att_${i}`, 'CALL').status;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const share = (s: string) => ((counts.get(s) ?? 0) * 100) / n;
    expect(Math.abs(share('ANSWERED') - 30)).toBeLessThan(1.5);
    expect(Math.abs(share('NO_ANSWER') - 50)).toBeLessThan(1.5);
    expect(Math.abs(share('WRONG_PARTY') - 10)).toBeLessThan(1.5);
    expect(Math.abs(share('FAILED') - 10)).toBeLessThan(1.5);
  });

  it('reports a message once: a second delivery of the same id reports nothing', () => {
    const [first] = report(message(), null, T0);
    expect(first).toEqual({
      type: 'collections.delivery.reported.v1',
      payload: { ...message(), ...deliveryStatus('att_1', 'SMS'), reportedAt: T0 },
    });
    expect(report(message(), first?.payload ?? null, T0 + 1)).toEqual([]);
  });

  it('carries no address: only the reference it was given (ticketing’s messages carry none)', () => {
    const [r] = report(message({ source: 'TICKETING', contactRef: null, accountId: null }), null, T0);
    expect(r?.payload.contactRef).toBeNull();
    expect(Object.keys(r?.payload ?? {})).not.toContain('to');
  });

  it('records only an answered voice contact as a conversation with the debtor', () => {
    expect(OUTCOME_OF).toEqual({
      DELIVERED: 'NO_ANSWER',
      FAILED: 'NO_ANSWER',
      NO_ANSWER: 'NO_ANSWER',
      ANSWERED: 'RIGHT_PARTY_CONTACT',
      WRONG_PARTY: 'WRONG_PARTY',
    });
  });
});
