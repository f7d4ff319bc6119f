/**
 * The one given/when/then specification for every service's decider: given
 * past events, when a command, then exactly these events, events with these
 * fields, nothing, or a refusal with this code. Built on node:assert, so it runs in jest or any
 * runner and the platform needs no test-framework types.
 */
import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { projectOnto, type DeepPartial } from './partial-match';

export type { DeepPartial };

/**
 * A pure aggregate as the spec sees it. A service whose decide takes more
 * (a policy, a clock) adapts it in its test file: `(c, s) => decide(c, s, policy)`.
 */
export interface Decider<Command, Event, State> {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

/** A decider's refusal: an error naming the rule that refused by its code. */
export type Refusal = Error & { readonly code: string };
export type RefusalClass<R extends Refusal> = abstract new (...args: never[]) => R;

/** Which refusal: its code, its code and other fields, or a predicate. */
export type RefusalExpectation<R extends Refusal> =
  R['code'] | ({ code: R['code'] } & Partial<Omit<R, keyof Error>>) | ((refusal: R) => boolean);

/** The story so far. */
export interface Given<C, E, S, R extends Refusal> {
  /** Every event so far, oldest first. */
  readonly events: E[];
  /** The state those events fold to. */
  readonly state: S;
  /** Decides these commands in turn and adds their events, unasserted: setup. */
  after(...commands: C[]): Given<C, E, S, R>;
  when(command: C): When<C, E, S, R>;
}

export interface When<C, E, S, R extends Refusal> {
  /** Exactly these events, whole and in order. */
  then(expected: E[]): Outcome<C, E, S, R>;
  /** As many events as given, each with at least the fields given (for the ones that matter). */
  thenEventsMatch(expected: DeepPartial<E>[]): Outcome<C, E, S, R>;
  /** No event at all: the command changes nothing. */
  thenNothingHappened(): Outcome<C, E, S, R>;
  /** Refused; a message given as a string must appear in the refusal's, a RegExp must match it. */
  thenThrows(expected: RefusalExpectation<R>, message?: string | RegExp): R;
}

/** After a command: the story goes on from here. */
export interface Outcome<C, E, S, R extends Refusal> extends Given<C, E, S, R> {
  /** The events the command decided. */
  readonly decided: E[];
}

export const DeciderSpecification = {
  /** `refusal`: the decider's error class; a refusal of any other class fails the spec. */
  for<C, E, S, R extends Refusal = Refusal>(decider: Decider<C, E, S>, refusal?: RefusalClass<R>) {
    const fold = (events: E[], from: S): S => events.reduce(decider.evolve, from);

    const story = (events: E[], state: S): Given<C, E, S, R> => ({
      events,
      state,
      after(...commands) {
        return commands.reduce(
          (g, c) => {
            const decided = decider.decide(c, g.state);
            return story([...g.events, ...decided], fold(decided, g.state));
          },
          story(events, state),
        );
      },
      when(command) {
        const decide = () => decider.decide(command, state);
        const outcome = (decided: E[]): Outcome<C, E, S, R> => ({
          ...story([...events, ...decided], fold(decided, state)),
          decided,
        });
        return {
          then(expected) {
            const decided = decide();
            deepStrictEqual(decided, expected);
            return outcome(decided);
          },
          thenEventsMatch(expected) {
            const decided = decide();
            deepStrictEqual(projectOnto(decided, expected), expected);
            return outcome(decided);
          },
          thenNothingHappened() {
            const decided = decide();
            deepStrictEqual(decided, []);
            return outcome(decided);
          },
          thenThrows(expected, message) {
            let decided: E[];
            try {
              decided = decide();
            } catch (error) {
              return checkRefusal(error, expected, message, refusal);
            }
            throw new AssertionError({
              message: `expected a refusal (${describeExpectation(expected)}), but decide returned ${typesOf(decided)}`,
              actual: decided,
              expected: describeExpectation(expected),
              operator: 'thenThrows',
            });
          },
        };
      },
    });

    return {
      /** The past: events already recorded for this aggregate (none for a new one). */
      given: (events: E[] = []): Given<C, E, S, R> =>
        story([...events], fold(events, decider.initialState())),
    };
  },
};

const typesOf = (events: unknown[]): string =>
  events.length === 0
    ? 'no events'
    : events.map((e) => String((e as { type?: unknown } | null)?.type ?? JSON.stringify(e))).join(', ');

function describeExpectation(expected: unknown): string {
  if (typeof expected === 'function') return 'matching a predicate';
  return typeof expected === 'string' ? `code ${expected}` : JSON.stringify(expected);
}

function checkRefusal<R extends Refusal>(
  error: unknown,
  expected: RefusalExpectation<R>,
  message: string | RegExp | undefined,
  refusal: RefusalClass<R> | undefined,
): R {
  const fail = (what: string, actual: unknown, wanted: unknown): never => {
    throw new AssertionError({ message: what, actual, expected: wanted, operator: 'thenThrows' });
  };
  // A bug (a TypeError, an assertion inside decide) is not a refusal.
  const isRefusal = refusal
    ? error instanceof refusal
    : error instanceof Error && typeof (error as Partial<Refusal>).code === 'string';
  if (!isRefusal)
    fail(
      `expected a refusal (${describeExpectation(expected)}), but decide threw ${String(error)}`,
      error,
      expected,
    );
  const r = error as R;
  if (typeof expected === 'function') {
    if (!expected(r)) fail(`the refusal does not match the predicate: ${r.code}: ${r.message}`, r, expected);
  } else if (typeof expected === 'string') {
    if (r.code !== expected)
      fail(`refused with code ${r.code} (${r.message}), not ${expected}`, r.code, expected);
  } else {
    const fields = projectOnto(r, expected);
    try {
      deepStrictEqual(fields, expected);
    } catch {
      fail(`the refusal's fields differ (${r.code}: ${r.message})`, fields, expected);
    }
  }
  const text = r.message;
  if (typeof message === 'string' && !text.includes(message))
    fail(`the refusal's message does not contain "${message}": ${text}`, text, message);
  if (message instanceof RegExp && !message.test(text))
    fail(`the refusal's message does not match ${message}: ${text}`, text, message);
  return r;
}
