import { localMinutes, matches, occurrencesOf, simulatedAt, type CallRecord } from '../src/evidence';
import { linesSaid } from '../src/script';
import { nextLocal } from '../src/seed';
import type { CallEvidence, Step } from '../src/scenarios/scenario';

const gate: CallEvidence = {
  kind: 'call',
  service: 'collections',
  method: 'POST',
  route: '/v1/cases/:caseId/contacts',
  outcome: 'ok',
  fromLocal: '21:00',
};
const rec = (over: Partial<CallRecord> = {}): CallRecord => ({
  service: 'collections',
  method: 'POST',
  route: '/v1/cases/:caseId/contacts',
  status: 201,
  at: new Date('2026-03-05T01:58:00Z'),
  ...over,
});

describe('what counts as a step done: the audit trail’s record of the trainee’s call', () => {
  it('matches service, method, route template and outcome', () => {
    expect(matches({ ...gate, fromLocal: undefined }, rec(), 0)).toBe(true);
    expect(matches({ ...gate, fromLocal: undefined }, rec({ status: 409 }), 0)).toBe(false);
    expect(matches({ ...gate, fromLocal: undefined, outcome: 'refused' }, rec({ status: 409 }), 0)).toBe(
      true,
    );
    expect(matches({ ...gate, fromLocal: undefined, outcome: 'any' }, rec({ status: 503 }), 0)).toBe(false);
    expect(matches({ ...gate, fromLocal: undefined }, rec({ route: '/v1/cases/:caseId/promises' }), 0)).toBe(
      false,
    );
  });

  it('takes the customer’s local time on the simulated clock for an hours rule', () => {
    expect(localMinutes(Date.parse('2026-03-05T01:58:00Z'), 'America/New_York')).toBe(20 * 60 + 58);
    expect(matches(gate, rec(), 20 * 60 + 58)).toBe(false);
    expect(matches(gate, rec(), 21 * 60)).toBe(true);
    expect(matches({ ...gate, fromLocal: undefined, untilLocal: '21:00' }, rec(), 21 * 60)).toBe(false);
  });

  it('maps a call’s wall time onto the simulated clock that runs in real time from the anchor', () => {
    const anchor = { wall: 1_000_000, simulated: Date.parse('2026-03-05T01:55:00Z') };
    expect(new Date(simulatedAt(1_000_000 + 5 * 60_000, anchor)).toISOString()).toBe(
      '2026-03-05T02:00:00.000Z',
    );
    const steps: Step[] = [
      { id: 'late-call', rule: 'US.CONTACT_HOURS', label: { en: '', zh: '' }, evidence: gate },
    ];
    const early = rec({ at: new Date(1_000_000 + 60_000) });
    const late = rec({ at: new Date(1_000_000 + 6 * 60_000) });
    expect(occurrencesOf(steps, [early, late], anchor, 'America/New_York')).toEqual([
      { stepId: 'late-call', at: late.at.getTime() },
    ]);
  });

  it('finds the next 20:55 in the customer’s zone', () => {
    expect(nextLocal(new Date('2026-03-04T12:00:00Z'), '20:55', 'America/New_York').toISOString()).toBe(
      '2026-03-05T01:55:00.000Z',
    );
    expect(nextLocal(new Date('2026-03-05T02:00:00Z'), '20:55', 'America/New_York').toISOString()).toBe(
      '2026-03-06T01:55:00.000Z',
    );
  });
});

describe('the simulated customer', () => {
  const script = [
    { say: { en: 'hello', zh: '你好' } },
    { after: 'b', say: { en: 'after b', zh: 'b 之后' } },
    { after: 'a', say: { en: 'after a', zh: 'a 之后' } },
    { after: 'never', say: { en: 'never', zh: '从不' } },
  ];

  it('speaks first, then answers each step once it happened, in the order they happened', () => {
    const said = linesSaid(
      script,
      [
        { stepId: 'b', at: 20 },
        { stepId: 'a', at: 10 },
        { stepId: 'a', at: 30 },
      ],
      0,
    );
    expect(said.map((l) => l.en)).toEqual(['hello', 'after a', 'after b']);
  });
});
