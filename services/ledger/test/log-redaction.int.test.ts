import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, findStandalonePans, type EventEnvelope } from '@cardline/platform';
import type { LedgerAdjustmentRequestedV1 } from '@cardline/schemas';
import { eventually, unique } from '../../../test/support/env';
import { producerAs } from '../../../test/support/kafka';
import { tokenFor } from '../../cards/test/support';
import { http, startTestLedger } from './support';

// issue 16: access logs carried no principal, and redaction covered one level
// of fields (missing `to`, `comment`, addresses, names, nested objects and
// err.message). A real ledger's log lines are captured while requests carry
// those values in the places a client controls (query strings, headers) and
// a forged command makes a handler throw with them in its message; then every
// line is scanned, as services/ticketing/test/pii-scan.int.test.ts does
// (docs/architecture.md#security-model).

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString());
    done();
  },
});
const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

const SEEDED = {
  to: 'Margaret Thornbury',
  comment: 'says her former partner took the card',
  line1: '742 Evergreen Terrace',
  postalCode: 'SW1A 1AA',
  name: 'Thornbury Margaret',
  nestedName: 'Ophelia Quarterman',
  pan: '4111 1111 1111 1111',
  email: 'margaret.thornbury@example.com',
  phone: '+44 20 7946 0958',
};
const digitsOf = (s: string) => s.replace(/\D/g, '');

let ledger: Awaited<ReturnType<typeof startTestLedger>>;

beforeAll(async () => {
  ledger = await startTestLedger({ LOG_LEVEL: 'info' }, createLogger('ledger', 'info', sink));
});

afterAll(async () => {
  await ledger?.stop();
});

/** The access line of the request sent with this x-request-id. */
const accessLine = (requestId: string) =>
  eventually(
    async () => {
      const line = parsed().find((l) => l.req?.id === requestId && typeof l.responseTime === 'number');
      if (!line) throw new Error('no access line yet');
      return line;
    },
    { timeoutMs: 5000, what: `the access line of ${requestId}` },
  );

it("a request's access line carries its principal and roles, also when the role is refused", async () => {
  const reader = `agent-${unique('log')}`;
  const allowed = unique('req');
  const r = await http('GET', `${ledger.url}/v1/accounts/acc-none`, undefined, {
    authorization: `Bearer ${await tokenFor('agent', reader)}`,
    'x-request-id': allowed,
  });
  expect(r.status).toBe(404);
  expect(await accessLine(allowed)).toMatchObject({
    principal: reader,
    roles: ['agent'],
    req: { method: 'GET', url: '/v1/accounts/acc-none' },
    res: { statusCode: 404 },
  });

  const adapter = `wechat-${unique('log')}`;
  const refused = unique('req');
  const f = await http('GET', `${ledger.url}/v1/accounts/acc-none`, undefined, {
    authorization: `Bearer ${await tokenFor('channel_adapter', adapter, 'WECHAT')}`,
    'x-request-id': refused,
  });
  expect(f.status).toBe(403);
  expect(await accessLine(refused)).toMatchObject({
    level: 'warn',
    principal: adapter,
    roles: ['channel_adapter'],
    res: { statusCode: 403 },
  });
});

it('values in to, comment, addresses, names, nested objects and error messages reach no log line', async () => {
  const auth = { authorization: `Bearer ${await tokenFor('agent')}` };
  const q = new URLSearchParams({
    to: SEEDED.to,
    comment: SEEDED.comment,
    'address[line1]': SEEDED.line1,
    'address[postalCode]': SEEDED.postalCode,
    name: SEEDED.name,
    'meta[customer][name]': SEEDED.nestedName,
    lookup: `card ${SEEDED.pan}`,
    q: `${SEEDED.email} ${SEEDED.phone}`,
  });
  const requestIds = [unique('req'), unique('req')];
  await http('GET', `${ledger.url}/v1/accounts/acc-none/transactions?${q}`, undefined, {
    ...auth,
    'x-request-id': requestIds[0] as string,
    from: SEEDED.email,
    referer: `https://console.example/cases?${new URLSearchParams({ comment: SEEDED.comment, to: SEEDED.to })}`,
  });
  await http('GET', `${ledger.url}/v1/accounts/acc-none?${q}`, undefined, {
    ...auth,
    'x-request-id': requestIds[1] as string,
  });

  // A forged command whose ids carry a card number, an e-mail and a phone: the
  // handler's error names them, and the dead-letter line logs that error.
  const admin = await producerAs('admin');
  const requestId = `req ${SEEDED.phone}`;
  const forged: EventEnvelope<LedgerAdjustmentRequestedV1> = {
    id: randomUUID(),
    type: 'ledger.adjustment.requested.v1',
    source: 'disputes',
    subject: `acc ${SEEDED.pan} of ${SEEDED.email}`,
    time: new Date(),
    correlationId: `corr-${randomUUID()}`,
    causationId: null,
    aggregateVersion: 1,
    payload: {
      requestId,
      accountId: `acc ${SEEDED.pan} of ${SEEDED.email}`,
      direction: 'CREDIT',
      kind: 'GOODWILL',
      amount: 100,
      currency: 'USD',
      reason: SEEDED.comment,
      relatedTransactionId: null,
      requestedBy: 'disputes',
      requestedAt: Date.now(),
    },
  };
  await admin.publish([forged]);
  const deadLetter = await eventually(
    async () => {
      const line = parsed().find(
        (l) =>
          l.msg === 'message dead-lettered' &&
          l.topic === 'ledger.adjustment' &&
          /\[email\]/.test(l.err?.message),
      );
      if (!line) throw new Error('no dead-letter line yet');
      return line;
    },
    { timeoutMs: 30000, what: 'the dead-letter line of the forged command' },
  );

  // The lines the scan below searches are there, with the values masked.
  expect(deadLetter.err).toMatchObject({
    type: 'PoisonMessageError',
    message: 'adjustment req [phone]: account acc ****1111 of [email] not found',
  });
  expect(deadLetter.err.stack).toContain('account acc ****1111 of [email] not found');
  for (const id of requestIds) {
    const line = await accessLine(id);
    expect(line.req.url).toMatch(/\?\[redacted\]$/);
    expect(line.req.query).toMatchObject({
      to: '[redacted]',
      comment: '[redacted]',
      address: '[redacted]',
      name: '[redacted]',
      meta: { customer: { name: '[redacted]' } },
      lookup: 'card ****1111',
      q: '[email] [phone]',
    });
  }
  expect((await accessLine(requestIds[0] as string)).req.headers).toMatchObject({
    from: '[redacted]',
    referer: 'https://console.example/cases?[redacted]',
  });

  const text = lines.join('\n');
  for (const [kind, value] of Object.entries(SEEDED)) {
    const forms = [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
    for (const form of forms)
      expect({ kind, form, leaked: text.includes(form) }).toEqual({ kind, form, leaked: false });
  }
  expect(findStandalonePans(text)).toEqual([]);
  expect(text).not.toContain(digitsOf(SEEDED.pan));
  expect(text).not.toContain(digitsOf(SEEDED.phone));
});
