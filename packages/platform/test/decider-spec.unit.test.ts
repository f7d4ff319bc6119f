import { AssertionError } from 'node:assert';
import { DeciderSpecification, type Decider } from '../src';

// A tiny decider to specify the specification with: a door that opens, closes and locks.
type DoorCommand =
  | { kind: 'Install'; doorId: string; now: number }
  | { kind: 'Open'; by: string; now: number }
  | { kind: 'Close'; now: number }
  | { kind: 'Lock'; code: number };
type DoorEvent =
  | { type: 'installed'; payload: { doorId: string; at: number } }
  | { type: 'opened'; payload: { by: string; at: number } }
  | { type: 'closed'; payload: { at: number } };
type DoorState = { doorId: string; open: boolean } | null;

class DoorError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'ALREADY_OPEN' | 'INVALID',
    message: string,
    readonly doorId?: string,
  ) {
    super(message);
  }
}

const door: Decider<DoorCommand, DoorEvent, DoorState> = {
  initialState: () => null,
  decide(c, s) {
    if (c.kind === 'Install') return [{ type: 'installed', payload: { doorId: c.doorId, at: c.now } }];
    if (!s) throw new DoorError('NOT_FOUND', 'no door');
    switch (c.kind) {
      case 'Open':
        if (s.open) throw new DoorError('ALREADY_OPEN', `door ${s.doorId} is already open`, s.doorId);
        return [{ type: 'opened', payload: { by: c.by, at: c.now } }];
      case 'Close':
        return s.open ? [{ type: 'closed', payload: { at: c.now } }] : [];
      case 'Lock':
        if (c.code < 0) throw new TypeError('a bug, not a refusal');
        return [];
    }
  },
  evolve(s, e) {
    if (e.type === 'installed') return { doorId: e.payload.doorId, open: false };
    if (!s) throw new Error('no door');
    return { ...s, open: e.type === 'opened' };
  },
};

const { given } = DeciderSpecification.for(door, DoorError);
const installed: DoorEvent = { type: 'installed', payload: { doorId: 'd1', at: 1 } };
const open: DoorCommand = { kind: 'Open', by: 'ann', now: 2 };
const fails = (run: () => unknown, message: RegExp) => {
  expect(run).toThrow(AssertionError);
  expect(run).toThrow(message);
};

describe('a decider specification passes when the decider does what it says', () => {
  it('then: the whole events decided, with the state and history after them', () => {
    const o = given([installed])
      .when(open)
      .then([{ type: 'opened', payload: { by: 'ann', at: 2 } }]);
    expect(o.decided).toEqual([{ type: 'opened', payload: { by: 'ann', at: 2 } }]);
    expect(o.events).toEqual([installed, ...o.decided]);
    expect(o.state).toEqual({ doorId: 'd1', open: true });
  });

  it('the story goes on from an outcome, and after() adds setup commands unasserted', () => {
    given([installed])
      .when(open)
      .then([{ type: 'opened', payload: { by: 'ann', at: 2 } }])
      .when({ kind: 'Close', now: 3 })
      .then([{ type: 'closed', payload: { at: 3 } }]);
    const g = given().after({ kind: 'Install', doorId: 'd2', now: 0 }, open);
    expect(g.state).toEqual({ doorId: 'd2', open: true });
    expect(g.events.map((e) => e.type)).toEqual(['installed', 'opened']);
  });

  it('thenEventsMatch compares only the fields given', () => {
    given([installed])
      .when(open)
      .thenEventsMatch([{ type: 'opened', payload: { by: 'ann' } }]);
  });

  it('thenNothingHappened: no events', () => {
    given([installed]).when({ kind: 'Close', now: 3 }).thenNothingHappened();
  });

  it('thenThrows: by code, by code and fields, by predicate, with the message; returns the refusal', () => {
    const opened = given([installed]).after(open);
    const r = opened.when(open).thenThrows('ALREADY_OPEN', 'already open');
    expect(r.doorId).toBe('d1');
    opened.when(open).thenThrows({ code: 'ALREADY_OPEN', doorId: 'd1' }, /door d1/);
    opened.when(open).thenThrows((e) => e.doorId === 'd1');
    given([]).when(open).thenThrows('NOT_FOUND');
  });
});

describe('a decider specification fails when the decider does something else', () => {
  it('then fails when any field of an event differs, or an event is missing or extra', () => {
    const when = given([installed]).when(open);
    fails(() => when.then([{ type: 'opened', payload: { by: 'bob', at: 2 } }]), /strictly deep-equal/);
    fails(() => when.then([]), /strictly deep-equal/);
    fails(
      () =>
        when.then([
          { type: 'opened', payload: { by: 'ann', at: 2 } },
          { type: 'closed', payload: { at: 2 } },
        ]),
      /strictly deep-equal/,
    );
  });

  it('thenEventsMatch fails when a given field differs or the number of events does', () => {
    const when = given([installed]).when(open);
    fails(() => when.thenEventsMatch([{ payload: { by: 'bob' } }]), /strictly deep-equal/);
    fails(() => when.thenEventsMatch([{ type: 'opened' }, { type: 'opened' }]), /strictly deep-equal/);
  });

  it('thenNothingHappened fails when something happened', () => {
    fails(() => given([installed]).when(open).thenNothingHappened(), /strictly deep-equal/);
  });

  it('thenThrows fails when the command is not refused', () => {
    fails(() => given([installed]).when(open).thenThrows('ALREADY_OPEN'), /decide returned opened/);
  });

  it('thenThrows fails when the refusal’s code, fields, predicate or message differ', () => {
    const when = given([installed]).after(open).when(open);
    fails(() => when.thenThrows('NOT_FOUND'), /refused with code ALREADY_OPEN .*not NOT_FOUND/);
    fails(() => when.thenThrows({ code: 'ALREADY_OPEN', doorId: 'd9' }), /fields differ/);
    fails(() => when.thenThrows(() => false), /does not match the predicate/);
    fails(() => when.thenThrows('ALREADY_OPEN', 'closed'), /does not contain "closed"/);
    fails(() => when.thenThrows('ALREADY_OPEN', /^closed/), /does not match/);
  });

  it('thenThrows fails when decide throws something that is not the decider’s refusal', () => {
    fails(() => given([installed]).when({ kind: 'Lock', code: -1 }).thenThrows('INVALID'), /a bug/);
  });
});
