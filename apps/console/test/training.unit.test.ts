import {
  detectSandbox,
  duration,
  missedSteps,
  sandboxConsoleUrl,
  textIn,
  traineeSubject,
  type Score,
} from '../src/training';

const reply = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('training mode’s console helpers (docs/adr/0033-console-training-mode.md)', () => {
  it('knows it is in the sandbox only when the gateway names one at /training/sandbox', async () => {
    await expect(detectSandbox(reply(200, { sandbox: 'training' }))).resolves.toBe('training');
    await expect(detectSandbox(reply(404, { title: 'Resource not found' }))).resolves.toBeNull();
    await expect(detectSandbox(reply(200, { sandbox: 3 }))).resolves.toBeNull();
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(detectSandbox(offline)).resolves.toBeNull();
  });

  it('makes a subject the local issuer takes from the name a trainee typed', () => {
    expect(traineeSubject('  Ann Lee ', 'agent')).toBe('trainee-ann-lee');
    expect(traineeSubject('李明', 'agent')).toMatch(/^trainee-[0-9a-f]{8}$/);
    expect(traineeSubject('李明', 'agent')).toBe(traineeSubject(' 李明 ', 'sales_agent'));
    expect(traineeSubject('李明', 'agent')).not.toBe(traineeSubject('王芳', 'agent'));
    expect(traineeSubject('', 'collector')).toBe('collector-console');
    expect(traineeSubject('x'.repeat(80), 'agent')).toMatch(/^trainee-x{40}$/);
    expect(traineeSubject('a/b\\c', 'agent')).toMatch(/^[\w.-]{1,64}$/);
  });

  it('points the real console’s Training entry at the sandbox on the same host', () => {
    expect(sandboxConsoleUrl({ protocol: 'http:', hostname: 'floor-pc' })).toBe(
      'http://floor-pc:8190/console',
    );
  });

  it('writes times to resolve in minutes and seconds, and lists the missed steps in order', () => {
    expect(duration(245_000)).toBe('4 min 05 s');
    expect(duration(null)).toBe('–');
    const score: Score = {
      score: 50,
      met: 1,
      total: 2,
      missed: ['b'],
      resolvedInMs: 1,
      steps: [
        { id: 'a', rule: 'R', label: { en: 'A', zh: '甲' }, met: true },
        { id: 'b', rule: 'R', label: { en: 'B', zh: '乙' }, met: false, reason: 'not-done' },
      ],
    };
    expect(missedSteps(score).map((s) => s.id)).toEqual(['b']);
    expect(textIn(score.steps[1]?.label ?? { en: '', zh: '' }, 'zh')).toBe('乙');
  });
});
