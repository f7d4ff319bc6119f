import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { createLogger, findStandalonePans } from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { http } from '../../ledger/test/support';
import { tokenFor } from '../../cards/test/support';
import { createTicketing, loadTicketingConfig } from '../src/ticketing';
import { ticketingEnv } from './support';
import { stopAfterFile } from '../../../test/support/teardown';

// Every kind of personal data a customer types, seeded through the channels
// ticketing takes, then searched for in what the run left behind: the events
// it published, the documents it stored and every log line it wrote
// (docs/domain.md#privacy-and-security). The free-text kinds must be in none
// of the three; the channel addresses only in ticketing's own store (replies
// go there), never in an event or a log line (events carry a contact reference).

const logs: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logs.push(chunk.toString());
    done();
  },
});

const SEEDED = {
  cardWithDots: '4111.1111.1111.1111',
  cardDoubleSpaced: '5500  0000  0000  0004',
  cardFullWidth: '４０１２ ８８８８ ８８８８ １８８１',
  usSsn: '078-05-1120',
  cnResidentId: '11010519491231002X',
  email: 'jane.doe@example.com',
  usPhone: '(212) 555-0188',
  cnMobile: '138 0013 8000',
};
const ADDRESSES = { wechat: 'wx-openid-pii-7c2e', email: 'lin.wei.pii@example.org', sms: '+1 415 555 0177' };
/** The SMS number as an agent types it into the customer search. */
const SEARCHED_PHONE = '(415) 555-0177';
// How each seeded value reads once normalised (full-width to ASCII, separators gone).
const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

let ticketing: Awaited<ReturnType<typeof createTicketing>> & { url?: string };
let events: TopicCollector;
let db: string;

beforeAll(async () => {
  const env = ticketingEnv({ LOG_LEVEL: 'debug' });
  db = env.MONGO_DB as string;
  const config = loadTicketingConfig(env);
  ticketing = stopAfterFile(
    await createTicketing(config, createLogger('ticketing', 'debug', sink)),
    'ticketing',
  );
  await ticketing.start();
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['ticketing.case']).start();
});

afterAll(async () => {
  await events?.stop();
  await ticketing?.stop();
});

it('seeded card numbers, SSNs, resident ids, e-mails and phones reach no event, document or log line; addresses no event or log line', async () => {
  const url = (path: string) => `http://127.0.0.1:${ticketing.port}${path}`;
  const adapter = async (channel: string) => ({
    authorization: `Bearer ${await tokenFor('channel_adapter', `${channel}-adapter`, channel)}`,
  });
  const agent = { authorization: `Bearer ${await tokenFor('agent', 'agent-pii')}` };
  const customerId = unique('cus-pii');
  const free = Object.values(SEEDED);

  const wechat = await http(
    'POST',
    url('/v1/channels/WECHAT/messages'),
    {
      customerId,
      from: ADDRESSES.wechat,
      body: `卡号 ${SEEDED.cardFullWidth}，身份证 ${SEEDED.cnResidentId}，手机 ${SEEDED.cnMobile}`,
      externalId: unique('wx'),
    },
    await adapter('WECHAT'),
  );
  expect(wechat.status).toBe(201);
  const caseId = wechat.json.caseId as string;
  const email = await http(
    'POST',
    url('/v1/channels/EMAIL/messages'),
    {
      customerId,
      from: ADDRESSES.email,
      subject: `SSN ${SEEDED.usSsn} and card ${SEEDED.cardWithDots}`,
      body: `Card ${SEEDED.cardDoubleSpaced}; write to ${SEEDED.email} or call ${SEEDED.usPhone}.`,
      externalId: unique('<mail'),
    },
    await adapter('EMAIL'),
  );
  expect(email.status).toBeLessThan(300);
  const sms = await http(
    'POST',
    url('/v1/channels/SMS/messages'),
    { customerId, from: ADDRESSES.sms, body: `my ssn is ${SEEDED.usSsn}`, externalId: unique('sms') },
    await adapter('SMS'),
  );
  expect(sms.status).toBeLessThan(300);
  // The floor finds the customer by the number they text from, written another way: compared by its
  // keyed fingerprint, so the number reaches no log line (checked with the addresses below).
  const found = await http('POST', url('/v1/customers/search'), { phone: SEARCHED_PHONE }, agent);
  expect(found.status).toBe(200);
  expect(found.json.items).toEqual([{ customerId, caseIds: [sms.json.caseId as string] }]);
  const none = await http('POST', url('/v1/customers/search'), { phone: '+1 415 555 0199' }, agent);
  expect(none.json.items).toEqual([]);
  // A reply goes out through the channel outbox (message-queued, with a contact reference).
  const reply = await http('POST', url(`/v1/cases/${caseId}/replies`), { body: 'We are on it.' }, agent);
  expect(reply.status).toBe(200);
  await eventually(async () => {
    const types = events.where((r) => r.headers.ce_subject === caseId).map((r) => r.headers.ce_type);
    if (!types.includes('ticketing.case.message-queued.v1')) throw new Error(`no reply queued yet: ${types}`);
  });

  const conn = await mongoose.createConnection(serverEnv().MONGO_URL).asPromise();
  const documents: string[] = [];
  try {
    const store = conn.getClient().db(db);
    for (const c of await store.listCollections().toArray())
      for (const d of await store.collection(c.name).find().toArray())
        documents.push(`${c.name} ${JSON.stringify(d)}`);
  } finally {
    await conn.close();
  }
  const published = events.records.map(
    (r) => `${r.message.value?.toString('latin1') ?? ''} ${JSON.stringify(r.headers)}`,
  );
  expect(published.length).toBeGreaterThanOrEqual(4);
  expect(documents.length).toBeGreaterThan(3);
  expect(logs.length).toBeGreaterThan(5);

  // The scan has something to miss: the masked forms are there.
  const stored = documents.join('\n');
  for (const mask of ['[ssn]', '[national-id]', '[email]', '[phone]', '****0004', '****1881'])
    expect({ mask, stored: stored.includes(mask) }).toEqual({ mask, stored: true });

  // The addresses are on file (replies go there), so the address scan below has something to miss too.
  for (const address of Object.values(ADDRESSES))
    expect({ address, onFile: stored.includes(address) }).toEqual({ address, onFile: true });

  const corpus = { published, documents, logs };
  for (const [where, texts] of Object.entries(corpus)) {
    const text = texts.join('\n');
    const digits = text.normalize('NFKC');
    expect({ where, pans: findStandalonePans(digits) }).toEqual({ where, pans: [] });
    for (const value of free) {
      const leaked =
        text.includes(value) || (digitsOf(value).length >= 9 && digits.includes(digitsOf(value)));
      expect({ where, value, leaked }).toEqual({ where, value, leaked: false });
    }
    if (where === 'documents') continue;
    for (const address of Object.values(ADDRESSES))
      expect({ where, address, leaked: text.includes(address) }).toEqual({ where, address, leaked: false });
    // Nor the number searched for, in any format (its ten digits).
    const phone = { searched: SEARCHED_PHONE, digits: digitsOf(SEARCHED_PHONE) };
    expect({
      where,
      leaked:
        text.includes(phone.searched) || digits.replace(/(?<=\d)[\s().-]+(?=\d)/g, '').includes(phone.digits),
    }).toEqual({
      where,
      leaked: false,
    });
  }
});
