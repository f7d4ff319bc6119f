import { decide } from '../src/domain/contact-gate';
import { DEFAULT_RULE_PACKS } from '../src/domain/policy';
import {
  attempt,
  DAY,
  facts,
  gate,
  HONOLULU,
  HOUR,
  LA,
  local,
  NY,
  PHOENIX,
  plus,
  record,
  refused,
  SHANGHAI,
} from './contact-fixtures';

const allowed = expect.objectContaining({ allowed: true });
const ny = (wall: string) => local(wall, NY);
const sh = (wall: string) => local(wall, SHANGHAI);

describe('US contact hours (US.CONTACT_HOURS)', () => {
  const g = gate('US');

  it('allows a call at 20:59 local and refuses one at 21:00 until 08:00 the next morning', () => {
    expect(g(ny('2026-03-10T20:59'))).toEqual(allowed);
    expect(g(ny('2026-03-10T20:59:59.999'))).toEqual(allowed);
    expect(g(ny('2026-03-10T21:00'))).toEqual(refused('US.CONTACT_HOURS', ny('2026-03-11T08:00')));
  });

  it('refuses a call at 07:59 local until 08:00 the same morning, which is allowed', () => {
    expect(g(ny('2026-03-10T07:59'))).toEqual(refused('US.CONTACT_HOURS', ny('2026-03-10T08:00')));
    expect(g(ny('2026-03-10T08:00'))).toEqual(allowed);
  });

  it('keeps the same hours for texts, emails, WeChat and field visits; a letter goes out at any hour', () => {
    for (const channel of ['SMS', 'EMAIL', 'WECHAT', 'FIELD_VISIT'] as const)
      expect(g(ny('2026-03-10T23:30'), { channel })).toEqual(
        refused('US.CONTACT_HOURS', ny('2026-03-11T08:00')),
      );
    expect(g(ny('2026-03-10T23:30'), { channel: 'LETTER' })).toEqual(allowed);
  });

  it("reads the hours on the debtor's clock: 08:00 in Los Angeles and Honolulu are 11:00 and 14:00 in New York", () => {
    expect(gate('US', [], { timeZone: LA })(ny('2026-03-10T10:59'))).toEqual(
      refused('US.CONTACT_HOURS', ny('2026-03-10T11:00')),
    );
    expect(gate('US', [], { timeZone: HONOLULU })(ny('2026-03-10T13:59'))).toEqual(
      refused('US.CONTACT_HOURS', ny('2026-03-10T14:00')),
    );
  });
});

describe('daylight-saving changes', () => {
  const g = gate('US');

  it('on the New York spring-forward day, 21:00 EST on Saturday waits 11 hours for 08:00 EDT on Sunday', () => {
    expect(g('2026-03-08T02:00:00.000Z')).toEqual(refused('US.CONTACT_HOURS', '2026-03-08T12:00:00.000Z'));
    expect(g('2026-03-08T11:59:00.000Z')).toEqual(refused('US.CONTACT_HOURS', '2026-03-08T12:00:00.000Z'));
    expect(g('2026-03-08T12:00:00.000Z')).toEqual(allowed);
  });

  it('on the New York fall-back day, 21:00 EDT on Saturday waits 12 hours for 08:00 EST on Sunday', () => {
    expect(g('2026-11-01T01:00:00.000Z')).toEqual(refused('US.CONTACT_HOURS', '2026-11-01T13:00:00.000Z'));
    expect(g('2026-11-01T12:59:00.000Z')).toEqual(refused('US.CONTACT_HOURS', '2026-11-01T13:00:00.000Z'));
    expect(g('2026-11-01T13:00:00.000Z')).toEqual(allowed);
  });

  it('keeps 08:00 in Phoenix at 15:00 UTC all year, as Arizona observes no DST', () => {
    const phoenix = gate('US', [], { timeZone: PHOENIX });
    for (const day of ['2026-01-15', '2026-03-08', '2026-07-01', '2026-11-01']) {
      expect(phoenix(`${day}T14:59:00.000Z`)).toEqual(refused('US.CONTACT_HOURS', `${day}T15:00:00.000Z`));
      expect(phoenix(`${day}T15:00:00.000Z`)).toEqual(allowed);
    }
  });

  it('counts the 7 days in 168 hours, so a slot freed across spring-forward at 21:30 local waits for 08:00', () => {
    const calls = [
      ny('2026-03-05T20:30'),
      ...['06', '07', '09', '10', '11', '12'].map((d) => ny(`2026-03-${d}T10:00`)),
    ].map((at) => record(at));
    const next = gate('US', calls)(ny('2026-03-12T12:00'));
    // 2026-03-05 20:30 EST + 168 h = 2026-03-12 21:30 EDT, after hours.
    expect(next).toEqual(refused('US.CALL_FREQUENCY_7_IN_7', ny('2026-03-13T08:00')));
  });
});

describe('US call frequency (US.CALL_FREQUENCY_7_IN_7)', () => {
  const week = [10, 11, 12, 13, 14, 15, 16].map((d) => record(ny(`2026-03-${d}T10:00`)));

  it('allows seven calls in seven days and refuses the eighth until the first leaves the window, to the millisecond', () => {
    expect(gate('US', week.slice(0, 6))(ny('2026-03-16T15:00'))).toEqual(allowed);
    const g = gate('US', week);
    const freed = ny('2026-03-17T10:00');
    expect(g(ny('2026-03-16T15:00'))).toEqual(refused('US.CALL_FREQUENCY_7_IN_7', freed));
    expect(g(plus(freed, -1))).toEqual(refused('US.CALL_FREQUENCY_7_IN_7', freed));
    expect(g(freed)).toEqual(allowed);
  });

  it("does not count the debtor's own calls", () => {
    const inbound = [1, 2, 3].map((h) => record(ny(`2026-03-16T1${h}:00`), { direction: 'INBOUND' }));
    expect(gate('US', [...week.slice(0, 6), ...inbound])(ny('2026-03-16T15:00'))).toEqual(allowed);
  });

  it("does not count calls about another debt toward this debt's seven", () => {
    expect(gate('US', week)(ny('2026-03-16T15:00'), { debtId: 'debt-2' })).toEqual(allowed);
  });

  it('limits calls only: a text after seven calls is allowed', () => {
    expect(gate('US', week)(ny('2026-03-16T15:00'), { channel: 'SMS' })).toEqual(allowed);
  });
});

describe('US after a conversation (US.AFTER_CONVERSATION_7D)', () => {
  const talked = ny('2026-03-10T11:00');
  const sevenDaysOn = ny('2026-03-17T11:00');

  it('refuses a call the day after a conversation and allows one seven days after it, to the millisecond', () => {
    const g = gate('US', [record(talked, { outcome: 'RIGHT_PARTY_CONTACT' })]);
    expect(g(ny('2026-03-11T11:00'))).toEqual(refused('US.AFTER_CONVERSATION_7D', sevenDaysOn));
    expect(g(plus(sevenDaysOn, -1))).toEqual(refused('US.AFTER_CONVERSATION_7D', sevenDaysOn));
    expect(g(sevenDaysOn)).toEqual(allowed);
  });

  it('counts a promise or a refusal to pay as a conversation, a wrong party or no answer not', () => {
    for (const outcome of ['PROMISE', 'REFUSED'] as const)
      expect(gate('US', [record(talked, { outcome })])(ny('2026-03-11T11:00'))).toEqual(
        refused('US.AFTER_CONVERSATION_7D', sevenDaysOn),
      );
    for (const outcome of ['WRONG_PARTY', 'NO_ANSWER'] as const)
      expect(gate('US', [record(talked, { outcome })])(ny('2026-03-11T11:00'))).toEqual(allowed);
  });

  it('limits calls only: an email the day after a conversation is allowed', () => {
    const g = gate('US', [record(talked, { outcome: 'RIGHT_PARTY_CONTACT' })]);
    expect(g(ny('2026-03-11T11:00'), { channel: 'EMAIL' })).toEqual(allowed);
  });

  it('does not start the seven days from a conversation the debtor called in for', () => {
    const g = gate('US', [record(talked, { outcome: 'RIGHT_PARTY_CONTACT', direction: 'INBOUND' })]);
    expect(g(ny('2026-03-11T11:00'))).toEqual(allowed);
  });
});

describe('US notices and consent', () => {
  it('before the validation notice goes out, allows only the notice itself (US.VALIDATION_NOTICE)', () => {
    const g = gate('US', [], { validationNoticeSentAt: null });
    expect(g(ny('2026-03-10T10:00'))).toEqual(refused('US.VALIDATION_NOTICE', null));
    expect(g(ny('2026-03-10T10:00'), { channel: 'LETTER', carriesValidationNotice: true })).toEqual(allowed);
  });

  it('once the notice is on record as sent at a later instant, other contact waits for that instant', () => {
    const sent = ny('2026-03-10T12:00');
    const g = gate('US', [], { validationNoticeSentAt: sent });
    expect(g(ny('2026-03-10T10:00'))).toEqual(refused('US.VALIDATION_NOTICE', sent));
    expect(g(sent)).toEqual(allowed);
  });

  it('refuses a text or an email without an opt-out until the message offers one (US.OPT_OUT)', () => {
    const g = gate('US');
    for (const channel of ['SMS', 'EMAIL'] as const) {
      expect(g(ny('2026-03-10T10:00'), { channel, hasOptOut: false })).toEqual(refused('US.OPT_OUT', null));
      expect(g(ny('2026-03-10T10:00'), { channel, hasOptOut: true })).toEqual(allowed);
    }
    expect(g(ny('2026-03-10T10:00'), { channel: 'CALL', hasOptOut: false })).toEqual(allowed);
  });

  it('refuses an autodialled call to a mobile without consent, and honours a revocation at once (US.AUTODIAL_CONSENT)', () => {
    const at = ny('2026-03-10T10:00');
    const autodial = { autodialled: true };
    expect(gate('US', [], { mobile: true })(at, autodial)).toEqual(refused('US.AUTODIAL_CONSENT', null));
    expect(gate('US', [], { mobile: true, autodialConsentOnMobile: true })(at, autodial)).toEqual(allowed);
    expect(gate('US', [], { mobile: true, autodialConsentOnMobile: false })(at, autodial)).toEqual(
      refused('US.AUTODIAL_CONSENT', null),
    );
    expect(gate('US', [], { mobile: true })(at, { autodialled: false })).toEqual(allowed);
    expect(gate('US', [], { mobile: false })(at, autodial)).toEqual(allowed);
  });
});

describe('China (CN pack)', () => {
  it('allows contact at 21:59 in Shanghai and refuses it at 22:00 until 08:00 (CN.QUIET_HOURS)', () => {
    const g = gate('CN');
    expect(g(sh('2026-03-10T21:59'))).toEqual(allowed);
    expect(g(sh('2026-03-10T22:00'))).toEqual(refused('CN.QUIET_HOURS', sh('2026-03-11T08:00')));
    expect(g(sh('2026-03-11T07:59'))).toEqual(refused('CN.QUIET_HOURS', sh('2026-03-11T08:00')));
  });

  it('refuses the seventh unanswered attempt in a day on a channel until the next morning; other channels go on', () => {
    const six = [9, 10, 11, 12, 13, 14].map((h) => record(sh(`2026-03-10T${String(h).padStart(2, '0')}:00`)));
    expect(gate('CN', six.slice(0, 5))(sh('2026-03-10T15:00'))).toEqual(allowed);
    const g = gate('CN', six);
    expect(g(sh('2026-03-10T15:00'))).toEqual(
      refused('CN.UNANSWERED_6_PER_DAY_CHANNEL', sh('2026-03-11T08:00')),
    );
    expect(g(sh('2026-03-10T15:00'), { channel: 'WECHAT' })).toEqual(allowed);
    expect(g(sh('2026-03-11T08:00'))).toEqual(allowed);
  });

  it('counts only unanswered attempts toward the six', () => {
    const answered = [9, 10, 11, 12, 13, 14].map((h, i) =>
      record(sh(`2026-03-10T${String(h).padStart(2, '0')}:00`), {
        outcome: i < 5 ? 'NO_ANSWER' : 'WRONG_PARTY',
      }),
    );
    expect(gate('CN', answered)(sh('2026-03-10T15:00'))).toEqual(allowed);
  });

  it('refuses a fourth conversation in a day on any channel until the next morning (CN.CONVERSATIONS_3_PER_DAY)', () => {
    const three = [
      record(sh('2026-03-10T09:00'), { outcome: 'RIGHT_PARTY_CONTACT' }),
      record(sh('2026-03-10T12:00'), { outcome: 'PROMISE', channel: 'WECHAT' }),
      record(sh('2026-03-10T15:00'), { outcome: 'REFUSED' }),
    ];
    expect(gate('CN', three.slice(0, 2))(sh('2026-03-10T16:00'))).toEqual(allowed);
    const g = gate('CN', three);
    for (const channel of ['CALL', 'SMS', 'WECHAT', 'FIELD_VISIT'] as const)
      expect(g(sh('2026-03-10T16:00'), { channel })).toEqual(
        refused('CN.CONVERSATIONS_3_PER_DAY', sh('2026-03-11T08:00')),
      );
  });

  it('asks for no opt-out, validation notice or autodial consent', () => {
    const g = gate('CN', [], { validationNoticeSentAt: null, mobile: true });
    expect(g(sh('2026-03-10T10:00'), { channel: 'SMS', hasOptOut: false, autodialled: true })).toEqual(
      allowed,
    );
    expect(g(sh('2026-03-10T10:00'), { autodialled: true })).toEqual(allowed);
  });
});

describe('who may be contacted (ALL.PARTY)', () => {
  it('allows a guarantor in China but not in the US', () => {
    expect(gate('CN')(sh('2026-03-10T10:00'), { party: 'GUARANTOR' })).toEqual(allowed);
    expect(gate('US')(ny('2026-03-10T10:00'), { party: 'GUARANTOR' })).toEqual(refused('ALL.PARTY', null));
  });

  it('refuses a third party in every market', () => {
    expect(gate('CN')(sh('2026-03-10T10:00'), { party: 'THIRD_PARTY' })).toEqual(refused('ALL.PARTY', null));
    expect(gate('US')(ny('2026-03-10T10:00'), { party: 'THIRD_PARTY' })).toEqual(refused('ALL.PARTY', null));
  });
});

describe('facts that stop contact, in both markets', () => {
  it('stops contact at once and for good when the debtor asks mid-sequence for it to cease (ALL.CEASE)', () => {
    for (const [market, zone] of [
      ['US', NY],
      ['CN', SHANGHAI],
    ] as const) {
      const pack = DEFAULT_RULE_PACKS[market];
      const first = local('2026-03-10T10:00', zone);
      const before = decide(attempt(), [], facts({ timeZone: zone }), pack, first);
      expect(before).toEqual(allowed);
      const history = [record(first)];
      const ceased = facts({ timeZone: zone, ceaseRequested: true });
      for (const channel of ['CALL', 'SMS', 'LETTER'] as const)
        expect(decide(attempt({ channel }), history, ceased, pack, plus(first, HOUR))).toEqual(
          refused('ALL.CEASE', null),
        );
      expect(decide(attempt(), history, ceased, pack, plus(first, 30 * DAY))).toEqual(
        refused('ALL.CEASE', null),
      );
    }
  });

  it('refuses every contact while an attorney is on file (ALL.ATTORNEY)', () => {
    expect(gate('US', [], { attorneyOnFile: true })(ny('2026-03-10T10:00'))).toEqual(
      refused('ALL.ATTORNEY', null),
    );
    expect(gate('CN', [], { attorneyOnFile: true })(sh('2026-03-10T10:00'), { channel: 'WECHAT' })).toEqual(
      refused('ALL.ATTORNEY', null),
    );
  });

  it('refuses a channel marked do-not-contact and no other (ALL.DO_NOT_CONTACT)', () => {
    const g = gate('US', [], { doNotContact: ['SMS'] });
    expect(g(ny('2026-03-10T10:00'), { channel: 'SMS' })).toEqual(refused('ALL.DO_NOT_CONTACT', null));
    expect(g(ny('2026-03-10T10:00'), { channel: 'CALL' })).toEqual(allowed);
  });

  it('refuses every contact when the debtor has no known time zone (ALL.TIME_ZONE)', () => {
    expect(gate('US', [], { timeZone: 'Mars/Olympus_Mons' })(ny('2026-03-10T10:00'))).toEqual(
      refused('ALL.TIME_ZONE', null),
    );
  });
});

describe('questions the gate cannot answer', () => {
  it('refuses to decide on an unreadable instant rather than drop a record from the counts', () => {
    const when = ny('2026-03-10T10:00');
    expect(() => gate('US', [record('yesterday')])(when)).toThrow(
      expect.objectContaining({ name: 'DomainError', code: 'INVALID' }),
    );
    expect(() => gate('US', [], { validationNoticeSentAt: 'soon' })(when)).toThrow(
      expect.objectContaining({ code: 'INVALID' }),
    );
    expect(() => gate('US')('now')).toThrow(expect.objectContaining({ code: 'INVALID' }));
  });
});

describe('the decision names its rules', () => {
  it('lists every rule that applied to an allowed contact, in the order checked', () => {
    expect(gate('US')(ny('2026-03-10T10:00'), { autodialled: true })).toEqual({
      allowed: true,
      ruleIds: [
        'ALL.PARTY',
        'ALL.CEASE',
        'ALL.ATTORNEY',
        'ALL.DO_NOT_CONTACT',
        'ALL.PROMISE_SUPPRESSION',
        'US.VALIDATION_NOTICE',
        'US.AUTODIAL_CONSENT',
        'ALL.TIME_ZONE',
        'US.CONTACT_HOURS',
        'US.CALL_FREQUENCY_7_IN_7',
        'US.AFTER_CONVERSATION_7D',
      ],
    });
    expect(gate('CN')(sh('2026-03-10T10:00'), { channel: 'LETTER' })).toEqual({
      allowed: true,
      ruleIds: [
        'ALL.PARTY',
        'ALL.CEASE',
        'ALL.ATTORNEY',
        'ALL.DO_NOT_CONTACT',
        'ALL.PROMISE_SUPPRESSION',
        'ALL.TIME_ZONE',
      ],
    });
  });

  it('names the first rule that refused, and gives the instant all of them allow', () => {
    const six = [9, 10, 11, 12, 13, 14].map((h) => record(sh(`2026-03-10T${String(h).padStart(2, '0')}:00`)));
    const decision = gate('CN', six)(sh('2026-03-10T22:30'));
    expect(decision).toEqual(refused('CN.QUIET_HOURS', sh('2026-03-11T08:00')));
    expect(decision).toEqual(expect.objectContaining({ reason: expect.stringContaining('08:00–22:00') }));
  });
});
