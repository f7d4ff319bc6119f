import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { casePolicyFor } from '../src/domain/case-policy';
import { NO_FACTS } from '../src/domain/contacts';
import type { ContactRecord } from '../src/domain/contact';
import { DEFAULT_RULE_PACKS } from '../src/domain/policy';

const caseDecider: Decider<CaseCommand, CaseEvent, CaseState | null> = {
  decide,
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

// 2026-03-04 12:00 UTC is 07:00 in New York (EST); 20:59 EST is 01:59 UTC the next day.
const T0 = Date.UTC(2026, 2, 4, 12, 0);
const HOUR = 3_600_000;
const at2059 = Date.UTC(2026, 2, 5, 1, 59);
const at2100 = Date.UTC(2026, 2, 5, 2, 0);
const collector = { id: 'collector-3', role: 'collector' };
const ids = { caseId: 'col_1', accountId: 'acc_1' };

const open: CaseCommand = {
  kind: 'OpenCase',
  ...ids,
  account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [],
  bucket: 'DPD_1_29',
  daysPastDue: 1,
  amountPastDue: 2500,
  asOf: T0,
  now: T0,
};
const noticeSent: CaseCommand = {
  kind: 'RecordContactFacts',
  change: { validationNoticeSentAt: T0, mobile: false },
  actor: collector,
  now: T0,
};
const call = (now: number, attemptId = 'att_1', history: ContactRecord[] = []): CaseCommand => ({
  kind: 'DecideContact',
  attemptId,
  attempt: {
    channel: 'CALL',
    party: 'DEBTOR',
    autodialled: false,
    hasOptOut: false,
    carriesValidationNotice: false,
  },
  contactRef: 'phone:home',
  history,
  packs: DEFAULT_RULE_PACKS,
  actor: collector,
  now,
});
const outcome = (attemptId: string, now: number): CaseCommand => ({
  kind: 'RecordContactOutcome',
  attemptId,
  outcome: 'NO_ANSWER',
  recordingRef: 'rec-1',
  hasNote: false,
  actor: collector,
  now,
});
const ready = given().after(open, noticeSent);

describe('contact facts', () => {
  it('records the facts after the change and names what changed', () => {
    given()
      .after(open)
      .when({
        kind: 'RecordContactFacts',
        change: { ceaseRequested: true },
        actor: collector,
        now: T0 + HOUR,
      })
      .then([
        {
          type: 'collections.case.contact-facts-changed.v1',
          payload: {
            ...ids,
            changed: ['ceaseRequested'],
            ...NO_FACTS,
            ceaseRequested: true,
            timeZone: 'America/New_York',
            actor: collector,
            changedAt: T0 + HOUR,
          },
        },
      ]);
  });

  it('records nothing when a fact is set to what it already is', () => {
    ready.when({ ...noticeSent, now: T0 + HOUR }).thenNothingHappened();
  });

  it('keeps the facts of the account’s last case on a new one: a cease request does not lapse', () => {
    const ceased = given().after(open, {
      kind: 'RecordContactFacts',
      change: { ceaseRequested: true },
      actor: collector,
      now: T0,
    }).state as CaseState;
    given()
      .when({ ...open, caseId: 'col_2', priorFacts: ceased.contactFacts })
      .thenEventsMatch([
        { type: 'collections.case.opened.v1' },
        {
          type: 'collections.case.contact-facts-changed.v1',
          payload: { caseId: 'col_2', changed: ['ceaseRequested'], ceaseRequested: true },
        },
      ]);
  });
});

describe('every contact asks the gate, and the answer is recorded either way', () => {
  it('allows a call at 20:59 in New York and names every rule that applied', () => {
    ready.when(call(at2059)).thenEventsMatch([
      {
        type: 'collections.case.contact-decided.v1',
        payload: {
          attemptId: 'att_1',
          allowed: true,
          reason: null,
          nextAllowedAt: null,
          ruleIds: [
            'ALL.PARTY',
            'ALL.CEASE',
            'ALL.ATTORNEY',
            'ALL.DO_NOT_CONTACT',
            'ALL.PROMISE_SUPPRESSION',
            'US.VALIDATION_NOTICE',
            'ALL.TIME_ZONE',
            'US.CONTACT_HOURS',
            'US.CALL_FREQUENCY_7_IN_7',
            'US.AFTER_CONVERSATION_7D',
          ],
        },
      },
    ]);
  });

  it('records a refusal at 21:00 with US.CONTACT_HOURS and 08:00 the next morning', () => {
    ready.when(call(at2100)).thenEventsMatch([
      {
        type: 'collections.case.contact-decided.v1',
        payload: {
          allowed: false,
          ruleIds: ['US.CONTACT_HOURS'],
          nextAllowedAt: Date.UTC(2026, 2, 5, 13, 0),
          contactRef: 'phone:home',
        },
      },
    ]);
  });

  it('refuses contact on the debt while a promise runs, until its last deadline', () => {
    const promised = ready.after({
      kind: 'MakePromise',
      promiseId: 'ptp_1',
      instalments: [{ amount: 1000, dueDate: '2026-03-10' }],
      policy: casePolicyFor('US'),
      actor: collector,
      now: T0 + HOUR,
    });
    promised.when(call(T0 + 2 * HOUR)).thenEventsMatch([
      {
        payload: {
          allowed: false,
          ruleIds: ['ALL.PROMISE_SUPPRESSION'],
          // 10 March + 2 grace days ends at midnight in New York, when the hours rule waits for 08:00.
          nextAllowedAt: Date.UTC(2026, 2, 13, 12, 0),
        },
      },
    ]);
  });

  it('refuses every contact when the account’s market is not known (fail closed)', () => {
    given()
      .after({ ...open, account: null }, noticeSent)
      .when(call(T0 + 2 * HOUR))
      .thenEventsMatch([{ payload: { allowed: false, ruleIds: ['ALL.MARKET'], nextAllowedAt: null } }]);
  });

  it('counts an allowed attempt still awaiting its outcome: the 8th call in 7 days is refused', () => {
    const days = [0, 1, 2, 3, 4, 5, 6].map((d) => Date.UTC(2026, 2, 5, 14, 0) + d * 86_400_000);
    const seven = ready.after(...days.map((t, i) => call(t, `att_${i}`)));
    seven
      .when(call(Date.UTC(2026, 2, 11, 18, 0), 'att_8'))
      .thenEventsMatch([{ payload: { allowed: false, ruleIds: ['US.CALL_FREQUENCY_7_IN_7'] } }]);
  });

  it('refuses asking about a closed case', () => {
    given()
      .after(open, {
        kind: 'RecordDelinquency',
        bucket: 'CURRENT',
        daysPastDue: 0,
        amountPastDue: 0,
        asOf: T0 + HOUR,
        now: T0 + HOUR,
      })
      .when(call(T0 + 2 * HOUR))
      .thenThrows({ code: 'INVALID_STATE', currentStatus: 'CLOSED' });
  });
});

describe('outcomes', () => {
  it('records the outcome of an allowed attempt as the contact made at the decision', () => {
    const done = ready
      .after(call(at2059))
      .when(outcome('att_1', at2059 + 5 * 60_000))
      .then([
        {
          type: 'collections.case.contact-attempted.v1',
          payload: {
            ...ids,
            attemptId: 'att_1',
            channel: 'CALL',
            direction: 'OUTBOUND',
            party: 'DEBTOR',
            outcome: 'NO_ANSWER',
            contactRef: 'phone:home',
            recordingRef: 'rec-1',
            hasNote: false,
            collector,
            attemptedAt: at2059,
            recordedAt: at2059 + 5 * 60_000,
          },
        },
      ]);
    expect(done.state).toMatchObject({ pendingContacts: [], lastContactAt: at2059 });
  });

  it('refuses an outcome for a refused attempt, or one recorded already', () => {
    ready.after(call(at2100)).when(outcome('att_1', at2100)).thenThrows('NOT_FOUND');
    ready
      .after(call(at2059), outcome('att_1', at2059))
      .when(outcome('att_1', at2059))
      .thenThrows('NOT_FOUND');
  });
});
