import { Writable } from 'node:stream';
import { createLogger } from '../src';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, log: createLogger('test', 'info', stream) };
}

describe('logger', () => {
  it('redacts PII fields', () => {
    const { lines, log } = capture();
    log.info(
      {
        customer: {
          email: 'jane@example.com',
          nationalId: '110101199003077777',
          phone: '+12125550188',
          name: 'Jane',
        },
      },
      'lookup',
    );
    const out = lines.join('');
    expect(out).not.toContain('jane@example.com');
    expect(out).not.toContain('110101199003077777');
    expect(out).not.toContain('+12125550188');
    expect(out).toContain('[redacted]');
  });

  it('scrubs card numbers typed into a message', () => {
    const { lines, log } = capture();
    log.warn('customer read 4111 1111 1111 1111 to the agent');
    const out = lines.join('');
    expect(out).not.toContain('4111 1111 1111 1111');
    expect(out).toContain('customer read ****1111 to the agent');
  });

  it('writes the level as its name', () => {
    const { lines, log } = capture();
    log.warn('careful');
    log.error('broken');
    expect(lines.map((l) => (JSON.parse(l) as { level: unknown }).level)).toEqual(['warn', 'error']);
  });

  it('adds the service name to each line', () => {
    const { lines, log } = capture();
    log.info('hello');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ service: 'test', msg: 'hello' });
  });
});
