import { CENSOR, redactPii, scrubText } from '../src';

// What redactPii does with awkward log lines (docs/architecture.md#security-model).
describe('redactPii', () => {
  it('censors credentials and income under every spelling', () => {
    const line = {
      income: 85000,
      'set-cookie': ['sid=abc'],
      accessToken: 'a',
      access_token: 'b',
      apiKey: 'c',
      api_key: 'd',
      refreshToken: 'e',
      refresh_token: 'f',
      password: 'g',
      nested: { applicant: { Income: 1, 'Set-Cookie': 'x' } },
    };
    expect(redactPii(line)).toEqual({
      income: CENSOR,
      'set-cookie': CENSOR,
      accessToken: CENSOR,
      access_token: CENSOR,
      apiKey: CENSOR,
      api_key: CENSOR,
      refreshToken: CENSOR,
      refresh_token: CENSOR,
      password: CENSOR,
      nested: { applicant: { Income: CENSOR, 'Set-Cookie': CENSOR } },
    });
  });

  it('writes an object referenced twice twice, and [Circular] only for a real cycle', () => {
    const shared = { state: 'OPEN' };
    expect(redactPii({ before: shared, after: shared, list: [shared, shared] })).toEqual({
      before: { state: 'OPEN' },
      after: { state: 'OPEN' },
      list: [{ state: 'OPEN' }, { state: 'OPEN' }],
    });
    const cycle: Record<string, unknown> = { id: 'c-1' };
    cycle.self = { parent: cycle };
    expect(redactPii(cycle)).toEqual({ id: 'c-1', self: { parent: '[Circular]' } });
  });

  it('writes a Buffer as its length, never its bytes', () => {
    const body = Buffer.from('4111 1111 1111 1111 pat@example.com');
    expect(redactPii({ body: 'x', payload: body, view: new Uint8Array(4) })).toEqual({
      body: CENSOR,
      payload: '[35 bytes]',
      view: '[4 bytes]',
    });
  });

  it('writes a getter or toJSON that throws as [unreadable] and keeps the rest', () => {
    const line = {
      ok: 1,
      get broken(): never {
        throw new Error('socket gone');
      },
      model: {
        toJSON() {
          throw new Error('no');
        },
      },
    };
    expect(redactPii(line)).toEqual({ ok: 1, broken: '[unreadable]', model: '[unreadable]' });
  });
});

describe('scrubText on hostile input', () => {
  // 100 kB each: the shapes that made the old e-mail pattern backtrack quadratically, and the other detectors' worst runs.
  const N = 100_000;
  const hostile: [string, string][] = [
    ['word characters, then an @', `${'a'.repeat(N)}@`],
    ['dotted local part, then an @', `${'a.'.repeat(N / 2)}@`],
    ['@ after @', 'a@'.repeat(N / 2)],
    ['a domain that never ends in a label', `a@${'b-'.repeat(N / 2)}`],
    ['digits and separators', '4 '.repeat(N / 2)],
    ['a plus and digit groups', `+${'1 '.repeat(N / 2)}x`],
    ['full-width digits', '\uFF14'.repeat(N)],
  ];

  it.each(hostile)('%s: finishes in well under a second', (_name, text) => {
    const started = process.hrtime.bigint();
    scrubText(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(500);
  });

  it('still masks an address at the end of a long run (the local part is capped, not anchored)', () => {
    expect(scrubText(`${'x'.repeat(200)}pat@example.com`)).toBe(`${'x'.repeat(139)}[email]`);
  });
});
