import request from 'supertest';
import { SimulatedClock, routeTableSpec } from '@cardline/platform';
import { decide, DomainError, fold, type CaseCommand, type CaseState } from '../src/domain/case';
import { ContactService } from '../src/application/contact-service';
import type { CaseService } from '../src/application/case-service';
import type { ContactLog } from '../src/application/ports';
import { verdictRoute } from '../src/adapters/http/verdict-route';
import { toProblem } from '../src/adapters/http/routes';

// The read-only verdict: the same gate the attempt asks, per channel, with
// nothing decided, saved or logged (docs/adr/0016-contact-gate.md).

// 2026-03-04 12:00 UTC is 07:00 in New York (EST); 20:59 EST is 01:59 UTC the next day.
const T0 = Date.UTC(2026, 2, 4, 12, 0);
const at2059 = new Date(Date.UTC(2026, 2, 5, 1, 59));
const at2100 = new Date(Date.UTC(2026, 2, 5, 2, 0));
const collector = { id: 'collector-3', role: 'collector' };

const story = (...commands: CaseCommand[]): CaseState =>
  commands.reduce<CaseState | null>((s, c) => fold(decide(c, s), s), null) as CaseState;
const open: CaseCommand = {
  kind: 'OpenCase',
  caseId: 'col_1',
  accountId: 'acc_1',
  account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [],
  bucket: 'DPD_1_29',
  daysPastDue: 1,
  amountPastDue: 2500,
  asOf: T0,
  now: T0,
};
// The validation notice went out; the number on file is not a mobile; no e-mail may be sent.
const facts: CaseCommand = {
  kind: 'RecordContactFacts',
  change: { validationNoticeSentAt: T0, mobile: false, doNotContact: ['EMAIL'] },
  actor: collector,
  now: T0,
};
const CASE = story(open, facts);

/** Any write fails the test: a verdict records nothing. */
const nothingWritten = () => {
  throw new Error('a verdict must not write');
};
function service(clock: SimulatedClock, s: CaseState = CASE) {
  const cases = {
    require: async (id: string) => {
      if (id !== s.caseId) throw new DomainError('NOT_FOUND', id);
      return s;
    },
    decideAndSave: nothingWritten,
  } as unknown as CaseService;
  const log = {
    historyOf: async () => [],
    appendAttempt: nothingWritten,
    appendDecision: nothingWritten,
  } as unknown as ContactLog;
  return new ContactService(cases, log, clock);
}

describe('may we contact now, on which channel?', () => {
  it('refuses a call at 21:00 in New York by US.CONTACT_HOURS, next allowed at 08:00, and records nothing', async () => {
    const { verdicts } = await service(new SimulatedClock(at2100)).verdicts('col_1', {
      question: { party: 'DEBTOR', autodialled: false, hasOptOut: false, carriesValidationNotice: false },
      channels: ['CALL'],
      actor: collector,
    });
    expect(verdicts).toEqual([
      {
        channel: 'CALL',
        allowed: false,
        ruleIds: ['US.CONTACT_HOURS'],
        reason: expect.any(String),
        nextAllowedAt: Date.UTC(2026, 2, 5, 13, 0),
      },
    ]);
  });

  it('allows a call at 20:59 and names every rule that applied, as the attempt would', async () => {
    const { verdicts } = await service(new SimulatedClock(at2059)).verdicts('col_1', {
      question: { party: 'DEBTOR', autodialled: false, hasOptOut: false, carriesValidationNotice: false },
      channels: ['CALL'],
      actor: collector,
    });
    expect(verdicts[0]).toMatchObject({ allowed: true, reason: null, nextAllowedAt: null });
    expect(verdicts[0]?.ruleIds).toEqual(expect.arrayContaining(['ALL.DO_NOT_CONTACT', 'US.CONTACT_HOURS']));
  });
});

describe('GET /v1/cases/:caseId/contact-verdict', () => {
  const app = (clock: SimulatedClock, s?: CaseState) =>
    routeTableSpec({ routes: [verdictRoute({ contacts: service(clock, s) })], toProblem }).app;
  const { bearer } = routeTableSpec({ routes: [], toProblem });

  it('answers every channel when none is asked for, e-mail refused by ALL.DO_NOT_CONTACT with no time that allows it', async () => {
    const r = await request(app(new SimulatedClock(at2059)))
      .get('/v1/cases/col_1/contact-verdict')
      .set(await bearer('collector'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      caseId: 'col_1',
      accountId: 'acc_1',
      customerId: 'cus_1',
      market: 'US',
      timeZone: 'America/New_York',
      at: at2059.toISOString(),
    });
    const byChannel = Object.fromEntries((r.body.items as { channel: string }[]).map((v) => [v.channel, v]));
    expect(Object.keys(byChannel)).toEqual(['CALL', 'SMS', 'EMAIL', 'LETTER', 'WECHAT', 'FIELD_VISIT']);
    expect(byChannel.CALL).toMatchObject({ allowed: true });
    expect(byChannel.EMAIL).toMatchObject({
      allowed: false,
      ruleIds: ['ALL.DO_NOT_CONTACT'],
      nextAllowedAt: null,
    });
  });

  it('reads the flags as text: autodialled=false is not an autodialled call', async () => {
    const r = await request(app(new SimulatedClock(at2100)))
      .get('/v1/cases/col_1/contact-verdict?channel=CALL&autodialled=false')
      .set(await bearer('supervisor'));
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        channel: 'CALL',
        allowed: false,
        ruleIds: ['US.CONTACT_HOURS'],
        reason: expect.any(String),
        nextAllowedAt: '2026-03-05T13:00:00.000Z',
      },
    ]);
  });

  it('refuses an unknown channel or flag with problem+json, and an agent with 403', async () => {
    const a = app(new SimulatedClock(at2059));
    for (const q of ['channel=PIGEON', 'autodialled=yes', 'phone=2125550142']) {
      const r = await request(a)
        .get(`/v1/cases/col_1/contact-verdict?${q}`)
        .set(await bearer('collector'));
      expect(r.status).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const agent = await request(a)
      .get('/v1/cases/col_1/contact-verdict')
      .set(await bearer('agent'));
    expect(agent.status).toBe(403);
  });

  it('answers 404 for an unknown case and 409 for a closed one, as the attempt would', async () => {
    const closed = story(open, {
      kind: 'RecordDelinquency',
      bucket: 'CURRENT',
      daysPastDue: 0,
      amountPastDue: 0,
      asOf: T0 + 1,
      now: T0 + 1,
    });
    const unknown = await request(app(new SimulatedClock(at2059)))
      .get('/v1/cases/col_9/contact-verdict')
      .set(await bearer('collector'));
    expect(unknown.status).toBe(404);
    const r = await request(app(new SimulatedClock(at2059), closed))
      .get('/v1/cases/col_1/contact-verdict')
      .set(await bearer('collector'));
    expect(r.status).toBe(409);
    expect(r.body.currentStatus).toBe('CLOSED');
  });
});
