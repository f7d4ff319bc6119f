import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createHttpApp, createLogger, HealthChecks, PlatformMetrics } from '../src';

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

  it('logs a live request and response as pino serialises them, with the credentials redacted', () => {
    const { lines, log } = capture();
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/v1/cards/crd_1';
    req.headers = { authorization: 'Bearer secret-token', accept: 'application/json' };
    const res = new ServerResponse(req);
    res.statusCode = 404;
    Object.defineProperty(res, 'headersSent', { value: true }); // logged on finish, as pino-http does
    log.child({ req }).info({ res }, 'request completed');
    const line = JSON.parse(lines.join('')) as {
      req: { method: string; url: string; headers: Record<string, string> };
      res: { statusCode: number };
    };
    expect(line.req).toMatchObject({ method: 'GET', url: '/v1/cards/crd_1' });
    expect(line.req.headers).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(line.res.statusCode).toBe(404);
  });
  it("writes an access line with the response's status and no query string in the url or referer", async () => {
    const { lines, log } = capture();
    const { app, finish } = createHttpApp({
      logger: log,
      metrics: new PlatformMetrics('test'),
      health: new HealthChecks(),
    });
    app.get('/v1/cases', (_req, res) => {
      res.status(201).json({});
    });
    finish();
    await request(app)
      .get('/v1/cases?to=Jane%20Doe&meta[customer][name]=Jane%20Doe&status=OPEN')
      .set('referer', 'https://console.example/cases?comment=Jane%20Doe');
    const line = JSON.parse(lines.find((l) => l.includes('request completed')) as string) as {
      req: { url: string; query: unknown; headers: Record<string, string> };
      res: { statusCode: number };
    };
    expect(line.res.statusCode).toBe(201);
    expect(line.req.url).toBe('/v1/cases?[redacted]');
    expect(line.req.headers.referer).toBe('https://console.example/cases?[redacted]');
    expect(line.req.query).toEqual({
      to: '[redacted]',
      meta: { customer: { name: '[redacted]' } },
      status: 'OPEN',
    });
    expect(lines.join('')).not.toContain('Jane');
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

/**
 * Detectors written apart from pii.ts (character scans, not its regular
 * expressions), so a line both get wrong cannot pass unnoticed.
 */
const detectors = {
  card(text: string): boolean {
    const digits = text.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    // Every digit with at most three characters of separators between: check all 13–19 windows.
    const runs = digits.split(/[^0-9 .\-\u00a0\u2010-\u2015\u3000]/).map((r) => r.replace(/[^0-9]/g, ''));
    return runs.some((r) => {
      for (let len = 13; len <= 19; len++)
        for (let i = 0; i + len <= r.length; i++) {
          const w = r.slice(i, i + len);
          const sum = [...w]
            .reverse()
            .map(Number)
            .reduce((s, d, k) => s + (k % 2 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
          if (sum % 10 === 0 && '23456'.includes(w[0] as string)) return true;
        }
      return false;
    });
  },
  ssn: (text: string) => /\b\d\d\d-\d\d-\d\d\d\d\b/.test(text),
  nationalId: (text: string) => /\d{17}[\dXx]/.test(text),
  email: (text: string) => text.split(/[\s"]/).some((w) => /^[^@*[]+@[^@]+\.[a-z]{2,}$/i.test(w)),
  phone: (text: string) =>
    (text.match(/\+?\(?\d[\d ().-]{7,}\d/g) ?? []).some((m) => {
      const n = m.replace(/\D/g, '').length;
      return n >= 10 && n <= 15;
    }),
};

describe('logger: PII at any depth', () => {
  const seeded = {
    card: 'my card is 4111 1111 1111 1111',
    cardDots: 'or 5500.0000.0000.0004',
    cardWide: '卡号４１１１１１１１１１１１１１１１',
    ssn: 'ssn 078-05-1120 on file',
    nationalId: '身份证 11010119900307663X',
    email: 'write to jane.doe@example.com',
    phone: 'call +1 212 555 0188',
    phoneCn: '手机 138 0013 8000',
  };
  const named = {
    from: 'kim@example.com',
    to: '+14155550142',
    body: 'Jane Doe here',
    subject: 'About Jane Doe',
    comment: 'Jane was kind',
    addressLine1: '1 Main Street',
    addressLine2: 'Apt 2',
    name: 'Jane Doe',
    firstName: 'Jane',
    lastName: 'Doe',
    email: 'jd@example.com',
    phone: '2125550188',
    nationalId: '110101199003077777',
    ssn: '078051120',
    dateOfBirth: '1990-03-07',
    cardNumber: '4111111111111111',
    pan: '4111111111111111',
    cvv: '123',
    pin: '0000',
  };

  it('writes 0 hits for each kind and each named field, nested 3 levels deep, in objects and arrays', () => {
    const { lines, log } = capture();
    const deep = { a: { b: { c: { ...seeded, ...named, list: [{ ...named }, seeded.card] } } } };
    const err = Object.assign(new Error(`failed for ${seeded.email}, ${seeded.card}`), {
      detail: { ...named },
    });
    log.info(deep, `lookup: ${seeded.phone}`);
    log.error({ err, a: { b: { c: err } } }, 'failed');
    log.error(err);
    log.child({ a: { b: { c: { ...named } } } }).warn({ x: [[[seeded.nationalId]]] }, seeded.ssn);
    const out = lines.join('');
    expect(lines).toHaveLength(4);
    const hits = Object.entries(detectors)
      .filter(([, found]) => found(out))
      .map(([kind]) => kind);
    expect(hits).toEqual([]);
    for (const value of new Set(Object.values(named)))
      expect({ value, written: out.includes(`"${value}"`) }).toEqual({ value, written: false });
    expect(out).not.toContain('Jane');
    // What is not PII stays readable.
    const first = JSON.parse(lines[0] as string) as { a: { b: { c: Record<string, unknown> } }; msg: string };
    expect(first.a.b.c.from).toBe('[redacted]');
    expect(first.a.b.c.card).toBe('my card is ****1111');
    expect(first.msg).toBe('lookup: call [phone]');
    const second = JSON.parse(lines[1] as string) as {
      err: { type: string; message: string; stack: string };
    };
    expect(second.err.type).toBe('Error');
    expect(second.err.message).toBe('failed for write to [email], my card is ****1111');
    expect(second.err.stack).toContain('failed for write to [email]');
  });

  it('the detectors find each seeded kind in raw text', () => {
    const raw = Object.values(seeded).join(' | ');
    expect(Object.entries(detectors).filter(([, found]) => !found(raw))).toEqual([]);
  });
});
