import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { AvroSerde, HttpRegistryClient, fromHeaders, kafkaAuth } from '@cardline/platform';
import type { Settings } from './settings';
import type { Row } from './format';
import { inWindow, type Window } from './window';
import { maskEvent } from './mask';

export interface ReadOptions {
  topic: string;
  window: Window;
  /** Keep reading past the end as records arrive (tail --follow). */
  follow?: boolean;
  onRow(row: Row): void;
  onProgress?(read: number): void;
  signal?: AbortSignal;
}

/** Per partition, [start, end) offsets of the window; end null when following. */
export interface PartitionRange {
  partition: number;
  start: number;
  end: number | null;
}

/**
 * Offsets by timestamp give a partition's first record at or after a time
 * (-1 or the high watermark when none): the window's start, and its end
 * for a closed window.
 */
export function ranges(
  starts: { partition: number; offset: string }[],
  ends: { partition: number; offset: string }[] | null,
  highs: { partition: number; high: string }[],
): PartitionRange[] {
  const high = new Map(highs.map((h) => [h.partition, Number(h.high)]));
  const at = (o: string, p: number) => (Number(o) < 0 ? (high.get(p) ?? 0) : Number(o));
  const end = new Map((ends ?? []).map((e) => [e.partition, at(e.offset, e.partition)]));
  return starts.map((s) => ({
    partition: s.partition,
    start: at(s.offset, s.partition),
    end: ends ? (end.get(s.partition) ?? high.get(s.partition) ?? 0) : null,
  }));
}

/**
 * Reads a topic's window decoded through the schema registry and masked, in
 * a throwaway group that never commits (it moves no other group's offsets)
 * and is deleted afterwards.
 */
export async function readWindow(s: Settings, o: ReadOptions): Promise<number> {
  const kafka = new Kafka({
    clientId: 'cardline-cli',
    brokers: s.brokers,
    ...kafkaAuth(s.sasl),
    logLevel: logLevel.NOTHING,
  });
  const serde = new AvroSerde(new HttpRegistryClient({ url: s.registryUrl, mode: 'lookup' }));
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `cardline-cli.read.${randomUUID()}`;
  try {
    const highs = await admin.fetchTopicOffsets(o.topic);
    const starts = await admin.fetchTopicOffsetsByTimestamp(o.topic, o.window.from);
    const ends =
      o.follow || o.window.to === null
        ? o.follow
          ? null
          : highs.map((h) => ({ partition: h.partition, offset: h.high }))
        : await admin.fetchTopicOffsetsByTimestamp(o.topic, o.window.to);
    const todo = ranges(starts, ends, highs).filter((r) => r.end === null || r.end > r.start);
    if (todo.length === 0) return 0;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    let read = 0;
    const open = new Set(todo.filter((r) => r.end !== null).map((r) => r.partition));
    await consumer.connect();
    await consumer.subscribe({ topics: [o.topic] });
    try {
      await new Promise<void>((resolve, reject) => {
        o.signal?.addEventListener('abort', () => resolve());
        const byPartition = new Map(todo.map((r) => [r.partition, r]));
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const r = byPartition.get(partition);
              const offset = Number(message.offset);
              if (!r || offset < r.start || (r.end !== null && offset >= r.end)) return;
              if (inWindow(o.window, Number(message.timestamp)))
                o.onRow(await toRow(serde, o.topic, partition, message));
              read += 1;
              if (read % 1000 === 0) o.onProgress?.(read);
              if (r.end !== null && offset + 1 >= r.end) open.delete(partition);
              if (!o.follow && open.size === 0) resolve();
            },
          })
          .catch(reject);
        for (const r of todo)
          consumer.seek({ topic: o.topic, partition: r.partition, offset: String(r.start) });
      });
    } finally {
      await consumer.disconnect();
    }
    o.onProgress?.(read);
    return read;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function toRow(serde: AvroSerde, topic: string, partition: number, m: KafkaMessage): Promise<Row> {
  const payload = m.value ? await serde.decode(m.value) : null;
  const e = fromHeaders(m.headers, payload);
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    key: m.key ? m.key.toString('utf8') : null,
    type: e.type,
    id: e.id,
    subject: e.subject,
    data: maskEvent(payload),
  };
}
