import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Admin } from 'kafkajs';
import { newEventId, type EventCatalog, kafkaSaslFromEnv } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { adminClient, producerAs } from '../../../test/support/kafka';

// Each command of `cardline events` and `cardline schemas` on the real
// servers, and the independent check of issue 18: the export's count for a
// window equals what kcat (Debian's package) reads for it, and the masked
// fields' values appear in 0 rows.
const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const env = () => ({
  ...process.env,
  KAFKA_BROKERS: serverEnv().KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: serverEnv().SCHEMA_REGISTRY_URL,
});
const cli = (...args: string[]) =>
  run(process.execPath, [path.join(root, 'scripts', 'cardline.js'), ...args], {
    env: env(),
    maxBuffer: 1 << 26,
  });

const topic = unique('test.cli');
const record = (name: string) => ({
  type: 'record',
  name,
  namespace: 'cardline.test.cli',
  fields: [
    { name: 'caseId', type: 'string' },
    { name: 'email', type: 'string' },
    { name: 'note', type: 'string' },
  ],
});
const types = {
  'test.cli.noted.v1': record('NotedV1'),
  'test.cli.closed.v1': record('ClosedV1'),
} as const;
const subjectOf = (type: keyof typeof types) => `${topic}-cardline.test.cli.${types[type].name}`;
const catalog: EventCatalog = {
  get: (type) =>
    type in types
      ? {
          type,
          topic,
          subject: subjectOf(type as keyof typeof types),
          schema: types[type as keyof typeof types],
        }
      : undefined,
};
const secret = (i: number) => ({ email: `customer${i}@example.com`, note: `private note ${i}` });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-cli-'));
let t0 = 0;
let t1 = 0;
let admin: Admin;

beforeAll(async () => {
  admin = await adminClient();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const publisher = await producerAs('admin', catalog);
  const publish = (type: keyof typeof types, n: number, from: number) =>
    publisher.publish(
      Array.from({ length: n }, (_, k) => ({
        id: newEventId(),
        type,
        source: 'test',
        subject: `case-${from + k}`,
        time: new Date(),
        correlationId: 'cli',
        causationId: null,
        aggregateVersion: 1,
        payload: { caseId: `case-${from + k}`, ...secret(from + k) },
      })),
    );
  await publish('test.cli.noted.v1', 2, 0); // before the window
  await new Promise((r) => setTimeout(r, 1100));
  t0 = Date.now();
  await publish('test.cli.noted.v1', 5, 10);
  await publish('test.cli.closed.v1', 3, 20);
  t1 = Date.now() + 1;
  await new Promise((r) => setTimeout(r, 1100));
  await publish('test.cli.closed.v1', 2, 30); // after the window
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const kcatCount = async (from: number, to: number): Promise<number> => {
  const sasl = kafkaSaslFromEnv();
  const { stdout } = await run('kcat', [
    '-b',
    serverEnv().KAFKA_BROKERS,
    // The admin principal, with PLAIN: Debian's librdkafka fails SCRAM against Kafka 4 (docs/adr/0029-kafka-principals-acls.md).
    ...(sasl
      ? [
          'security.protocol=SASL_PLAINTEXT',
          'sasl.mechanism=PLAIN',
          `sasl.username=${sasl.username}`,
          `sasl.password=${sasl.password}`,
        ].flatMap((o) => ['-X', o])
      : []),
    '-C',
    '-t',
    topic,
    '-o',
    `s@${from}`,
    '-o',
    `e@${to}`,
    '-e',
    '-q',
    '-f',
    '%p:%o\n',
  ]);
  return stdout.split('\n').filter(Boolean).length;
};

describe('cardline events export', () => {
  it('exports the window as jsonl with PII masked; its count equals kcat for the same window', async () => {
    const out = path.join(tmp, 'window.jsonl');
    const { stderr } = await cli(
      'events',
      'export',
      topic,
      '--from',
      new Date(t0).toISOString(),
      '--to',
      String(t1),
      '--format',
      'jsonl',
      '--out',
      out,
    );
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: { caseId: string; email: string; note: string } });
    expect(rows).toHaveLength(8);
    expect(await kcatCount(t0, t1)).toBe(rows.length);
    expect(stderr).toContain('  test.cli.closed.v1  3');
    expect(stderr).toContain('  test.cli.noted.v1   5');
    expect(stderr).toContain('16 fields masked');
    const text = fs.readFileSync(out, 'utf8');
    expect(rows.filter((r) => /@example\.com|private note/.test(JSON.stringify(r)))).toHaveLength(0);
    expect(text).not.toMatch(/customer\d+@example\.com/);
    expect(rows.every((r) => r.data.email === '[redacted]' && r.data.note === '[redacted]')).toBe(true);
    expect(rows.map((r) => r.data.caseId).sort()).toEqual(
      [10, 11, 12, 13, 14, 20, 21, 22].map((i) => `case-${i}`).sort(),
    );
  });

  it('exports csv with the same rows and no masked value in any row', async () => {
    const out = path.join(tmp, 'window.csv');
    await cli(
      'events',
      'export',
      topic,
      '--from',
      String(t0),
      '--to',
      String(t1),
      '--format',
      'csv',
      '--out',
      out,
    );
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'topic,partition,offset,timestamp,key,type,id,subject,data.caseId,data.email,data.note',
    );
    expect(lines.slice(1)).toHaveLength(await kcatCount(t0, t1));
    expect(lines.slice(1).filter((l) => /@example\.com|private note/.test(l))).toHaveLength(0);
  });
});

describe('cardline events tail', () => {
  it('prints the records of one type from a time as masked JSON lines', async () => {
    const { stdout } = await cli(
      'events',
      'tail',
      topic,
      '--type',
      'test.cli.closed.v1',
      '--from',
      String(t0),
    );
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: { email: string } });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.type === 'test.cli.closed.v1' && r.data.email === '[redacted]')).toBe(true);
  });
});

describe('cardline schemas', () => {
  it('lists the registry subjects, shows one and diffs it against the repo and the release', async () => {
    const subject = subjectOf('test.cli.noted.v1');
    expect((await cli('schemas', 'list')).stdout.split('\n')).toContain(subject);
    const shown = JSON.parse((await cli('schemas', 'show', subject)).stdout) as {
      subject: string;
      schema: object;
    };
    expect(shown).toMatchObject({ subject, schema: types['test.cli.noted.v1'] });
    const diff = JSON.parse((await cli('schemas', 'diff', subject)).stdout) as Record<string, unknown>;
    // A test record is in neither packages/schemas/avro nor a release.
    expect(diff).toMatchObject({
      subject,
      record: 'cardline.test.cli.NotedV1',
      againstRepo: null,
      againstRelease: null,
    });
  });

  it("diffs a released subject: the registry's version against the repo's file", async () => {
    const subjects = (await cli('schemas', 'list')).stdout
      .split('\n')
      .filter((s) => s.startsWith('ledger.account-'));
    expect(subjects.length).toBeGreaterThan(0);
    const diff = JSON.parse((await cli('schemas', 'diff', subjects[0] as string)).stdout) as {
      againstRepo: unknown[] | null;
    };
    expect(diff.againstRepo).toEqual([]);
  });
});

describe('cardline events export --format parquet', () => {
  it('writes the same rows as kcat counts, masked', async () => {
    const out = path.join(tmp, 'window.parquet');
    const { stderr } = await cli(
      'events',
      'export',
      topic,
      '--from',
      String(t0),
      '--to',
      String(t1),
      '--format',
      'parquet',
      '--out',
      out,
    );
    expect(stderr).toContain('16 fields masked');
    const { parquetReadObjects } = await import('hyparquet');
    const bytes = fs.readFileSync(out);
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    })) as Record<string, unknown>[];
    expect(rows).toHaveLength(await kcatCount(t0, t1));
    expect(rows.every((r) => r['data.email'] === '[redacted]' && r['data.note'] === '[redacted]')).toBe(true);
    expect(bytes.includes('example.com')).toBe(false);
  });
});

describe('cardline events replay', () => {
  const sandbox = unique('sandbox.cli');
  const committed = async (groupId: string) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
  };

  it('prints the diff on a dry run and commits nothing, then moves the sandbox group to the window', async () => {
    const args = [
      'events',
      'replay',
      topic,
      '--from',
      String(t0),
      '--to',
      String(t1),
      '--into-group',
      sandbox,
    ];
    const dry = await cli(...args, '--dry-run');
    expect(dry.stdout).toContain(`replay ${topic} into group ${sandbox}:`);
    expect(dry.stdout).toMatch(
      /3 of 3 partitions move; 8 records in the window, 10 to read from the new offsets/,
    );
    expect(dry.stdout).toContain('dry run: nothing committed');
    expect(Object.values(await committed(sandbox)).every((o) => o === '-1')).toBe(true);

    const real = await cli(...args);
    expect(real.stdout).toContain(`committed: ${sandbox} resumes ${topic}`);
    const after = await committed(sandbox);
    const moved = /partition +(\d+) +\S+ -> (\d+)/g;
    for (const [, p, target] of dry.stdout.matchAll(moved)) expect(after[Number(p)]).toBe(target);
  });

  it("refuses a production group's offsets", async () => {
    await expect(
      cli('events', 'replay', topic, '--from', String(t0), '--into-group', 'ledger.read-models'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('is a production consumer group') });
  });
});
