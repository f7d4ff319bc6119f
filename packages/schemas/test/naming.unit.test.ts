import fs from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import * as schemas from '../src';
import * as contracts from '../scripts/lib/contracts';

const read = (dir: string, rel: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8'));
const dirs = [
  contracts.AVRO_DIR,
  ...contracts.releasedVersions().map((v) => path.join(contracts.RELEASED_DIR, v)),
];

describe('naming conventions: every name derives from the .avsc path', () => {
  const files = dirs.flatMap((dir) => contracts.listSchemaFiles(dir).map((rel) => [dir, rel] as const));

  it('has schema files', () => {
    expect(contracts.listSchemaFiles().length).toBeGreaterThan(0);
  });

  it.each(files.map(([dir, rel]) => [path.relative(contracts.PACKAGE_DIR, path.join(dir, rel)), dir, rel]))(
    '%s follows <context>/<aggregate>/<event>.v<major>.avsc -> cardline.<context>.<aggregate>.<Event>V<major>',
    (_label, dir, rel) => {
      expect(contracts.namingProblems(rel, read(dir, rel))).toEqual([]);
    },
  );

  it('derives type, topic, record name and subject from the path', () => {
    expect(contracts.namesFromPath('ledger/account/delinquency-changed.v1.avsc')).toEqual({
      context: 'ledger',
      aggregate: 'account',
      event: 'delinquency-changed',
      major: 1,
      type: 'ledger.account.delinquency-changed.v1',
      topic: 'ledger.account',
      recordName: 'cardline.ledger.account.DelinquencyChangedV1',
      subject: 'ledger.account-cardline.ledger.account.DelinquencyChangedV1',
    });
  });

  it('catches a record named differently from its path, and a malformed path', () => {
    const schema = { type: 'record', name: 'Posted', namespace: 'cardline.ledger.transaction', fields: [] };
    expect(contracts.namingProblems('ledger/transaction/posted.v1.avsc', schema)).toEqual([
      'ledger/transaction/posted.v1.avsc: record full name is cardline.ledger.transaction.Posted, expected cardline.ledger.transaction.PostedV1',
    ]);
    expect(contracts.namingProblems('ledger/transaction/Posted.avsc', schema)).toHaveLength(1);
    expect(contracts.namingProblems('ledger/posted.v1.avsc', schema)).toHaveLength(1);
    expect(contracts.namingProblems('ledger/transaction/posted.v0.avsc', schema)).toHaveLength(1);
  });

  it('declares the topic of every event type in topics.json', () => {
    const declared = new Set(contracts.loadTopicsFile().topics.map((t) => t.name));
    for (const e of contracts.loadEventTypes())
      expect([e.type, declared.has(e.topic)]).toEqual([e.type, true]);
  });

  it('keeps every schema self-contained (avsc parses each file on its own)', () => {
    for (const e of contracts.loadEventTypes())
      expect(() => avro.Type.forSchema(e.schema as avro.Schema)).not.toThrow();
  });
});

describe('package API', () => {
  it('lists every event type in the catalog with its derived names', () => {
    const onDisk = contracts.loadEventTypes();
    expect(schemas.catalog.map((e) => e.type)).toEqual(onDisk.map((e) => e.type));
    for (const e of onDisk) {
      const entry = schemas.findEventType(e.type);
      expect(entry).toEqual({
        type: e.type,
        topic: e.topic,
        recordName: e.recordName,
        subject: e.subject,
        schema: e.schema,
        // The ce_source allow-list: the topic's writers (docs/adr/0029-kafka-principals-acls.md).
        writers: schemas.topicDeclarations().find((t) => t.name === e.topic)?.writers,
      });
      expect(schemas.eventTypes.get(e.type)).toBe(entry);
      expect(entry?.subject).toBe(schemas.subjectFor(e.topic, e.recordName));
    }
    expect(schemas.findEventType('ledger.transaction.posted.v99')).toBeUndefined();
  });

  it('declares a DLQ topic for every (consumer group, consumed topic) pair', () => {
    const topics = schemas.topicDeclarations();
    const names = topics.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    for (const g of schemas.consumerGroups) {
      for (const topic of g.topics) {
        const dlq = topics.find((t) => t.name === schemas.dlqTopicName(topic, g.group));
        expect(dlq).toMatchObject({ kind: 'dlq', owner: g.service, source: { topic, group: g.group } });
      }
    }
    expect(schemas.dlqTopicName('ledger.transaction', 'ledger.read-models')).toBe(
      'ledger.transaction.dlq.ledger.read-models',
    );
    expect(contracts.dlqTopicName('a.b', 'g')).toBe(schemas.dlqTopicName('a.b', 'g'));
  });

  it('applies topics.json defaults', () => {
    const file = contracts.loadTopicsFile();
    const posted = schemas.topicDeclarations().find((t) => t.name === 'ledger.transaction');
    expect(posted).toMatchObject({
      kind: 'events',
      partitions: file.defaults.partitions,
      retentionMs: file.defaults.retentionMs,
      owner: 'ledger',
      writers: ['ledger'],
    });
    const dlq = schemas.topicDeclarations().find((t) => t.kind === 'dlq');
    expect(dlq).toMatchObject({
      partitions: file.defaults.dlqPartitions,
      retentionMs: file.defaults.dlqRetentionMs,
    });
  });

  it('rejects a consumer group reading an undeclared topic', () => {
    const file = contracts.loadTopicsFile();
    const broken = { ...file, consumers: [{ group: 'g', service: 's', topics: ['nope'], description: '' }] };
    expect(() => contracts.topicDeclarations(broken)).toThrow('consumer group g reads undeclared topic nope');
  });
});
