import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Parser } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { catalog, consumerGroups, topicDeclarations } from '../src';
import { PACKAGE_DIR } from '../scripts/lib/contracts';

// The data team's view of the event streams: asyncapi.yaml must be a valid
// AsyncAPI 3.0.0 document that lists every topic, DLQ and event type.
const text = fs.readFileSync(path.join(PACKAGE_DIR, 'asyncapi.yaml'), 'utf8');

interface Ref {
  $ref: string;
}
interface Doc {
  asyncapi: string;
  info: { title: string; version: string };
  servers: Record<string, { host: string; protocol: string }>;
  channels: Record<
    string,
    { address: string; messages: Record<string, Ref>; bindings: { kafka: Record<string, unknown> } }
  >;
  operations: Record<
    string,
    { action: string; channel: Ref; messages: Ref[]; bindings?: { kafka: { groupId: { enum: string[] } } } }
  >;
  components: {
    schemas: Record<
      string,
      { schemaFormat?: string; schema?: unknown; properties?: Record<string, unknown> }
    >;
    messages: Record<
      string,
      { payload: Ref; headers: { allOf: Ref[] }; bindings: { kafka: { key: unknown } } }
    >;
  };
}
const doc = YAML.parse(text) as Doc;

describe('asyncapi.yaml', () => {
  it('is valid AsyncAPI 3.0.0, Avro payloads included (@asyncapi/parser)', async () => {
    const parser = new Parser();
    parser.registerSchemaParser(AvroSchemaParser());
    const { document, diagnostics } = await parser.parse(text);
    // Severity 0 = error, 1 = warning; 2-3 are hints (e.g. "3.1.0 exists").
    const problems = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.path.join('/')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(topicDeclarations().map((t) => t.name));
  });

  it('has local and production servers', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.servers.local).toMatchObject({ host: '127.0.0.1:19092', protocol: 'kafka' });
    expect(doc.servers.production).toBeDefined();
  });

  it('has one channel per topic and DLQ, addressed by topic name, with Kafka bindings', () => {
    for (const t of topicDeclarations()) {
      const ch = doc.channels[t.name];
      expect(ch?.address).toBe(t.name);
      expect(ch?.bindings.kafka).toMatchObject({
        topic: t.name,
        partitions: t.partitions,
        topicConfiguration: { 'retention.ms': t.retentionMs },
      });
      expect(ch?.bindings.kafka.replicas).toEqual(expect.any(Number));
    }
    expect(Object.keys(doc.channels)).toHaveLength(topicDeclarations().length);
  });

  it('has every event type as a message with its Avro schema on its topic channel', () => {
    for (const e of catalog) {
      const msg = doc.components.messages[e.type];
      expect(msg?.payload).toEqual({ $ref: `#/components/schemas/${e.type}` });
      expect(doc.components.schemas[e.type]).toEqual({
        schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
        schema: e.schema,
      });
      expect(msg?.bindings.kafka.key).toMatchObject({ type: 'string' });
      expect(doc.channels[e.topic]?.messages[e.type]).toEqual({ $ref: `#/components/messages/${e.type}` });
    }
  });

  it('documents the CloudEvents Kafka binary binding headers', () => {
    const headers = Object.keys(doc.components.schemas.CloudEventsHeaders?.properties ?? {});
    expect(headers).toEqual(
      expect.arrayContaining([
        'ce_specversion',
        'ce_id',
        'ce_source',
        'ce_type',
        'ce_time',
        'ce_subject',
        'correlation_id',
        'causation_id',
        'aggregate_version',
        'traceparent',
        'tracestate',
      ]),
    );
  });

  it('has a send operation per writer and a receive operation, with groupId, per consumer group', () => {
    for (const t of topicDeclarations().filter((x) => x.kind === 'events'))
      for (const w of t.writers)
        expect(doc.operations[`${w}.send.${t.name}`]).toMatchObject({
          action: 'send',
          channel: { $ref: `#/channels/${t.name}` },
        });
    for (const g of consumerGroups)
      for (const topic of g.topics) {
        const op = doc.operations[`${g.group}.receive.${topic}`];
        expect(op).toMatchObject({ action: 'receive', channel: { $ref: `#/channels/${topic}` } });
        expect(op?.bindings?.kafka.groupId.enum).toEqual([g.group]);
        expect(op?.messages.length).toBe(catalog.filter((e) => e.topic === topic).length);
      }
  });
});
