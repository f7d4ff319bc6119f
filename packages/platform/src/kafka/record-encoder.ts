/**
 * One Kafka record (message format v2: length, attributes, timestamp and
 * offset deltas, key, value, headers, each length a zigzag varint) written
 * into one exactly-sized buffer. kafkajs 2.2.4 builds every record in a
 * zero-filled 512-byte buffer and every header in another, then copies them
 * together: with our ten CloudEvents headers that is about 20 µs a record,
 * most of the publisher's CPU (bench B1). This writes the same bytes in about
 * 4 (docs/adr/0037-kafkajs-record-encoder.md).
 *
 * The output is kafkajs's, byte for byte: record-encoder.unit.test.ts holds
 * the two together on generated records. Input this path does not cover
 * (deltas beyond 32 bits, keys or values that are neither string nor Buffer)
 * returns null, and the caller uses kafkajs's own encoder, errors included.
 */

export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: string | Buffer | null;
  value?: string | Buffer | null;
  headers?: Record<string, unknown>;
}

const zigzag = (v: number): number => ((v << 1) ^ (v >> 31)) >>> 0;

function varintSize(u: number): number {
  let n = 1;
  while (u >= 0x80) {
    u >>>= 7;
    n++;
  }
  return n;
}

function putVarint(buf: Buffer, at: number, u: number): number {
  while (u >= 0x80) {
    buf[at++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[at++] = u;
  return at;
}

const isInt32 = (v: unknown): v is number => typeof v === 'number' && (v | 0) === v;

/** Byte length of a key, value or header part; -1 for null; NaN for what kafkajs alone handles. */
function byteLength(x: unknown): number {
  if (x == null) return -1;
  if (Buffer.isBuffer(x)) return x.length;
  if (typeof x === 'string') return Buffer.byteLength(x, 'utf8');
  return NaN;
}

/** The record's bytes, or null when kafkajs's encoder must take it. */
export function encodeRecord(r: RecordInput): Buffer | null {
  const offsetDelta = r.offsetDelta ?? 0;
  const timestampDelta = r.timestampDelta ?? 0;
  if (!isInt32(offsetDelta) || !isInt32(timestampDelta)) return null;
  const keyLen = byteLength(r.key);
  const valueLen = byteLength(r.value);
  if (Number.isNaN(keyLen) || Number.isNaN(valueLen)) return null;

  // Headers flattened as kafkajs does: an array value is one header per element.
  const names: string[] = [];
  const parts: (string | Buffer)[] = [];
  const headers = r.headers ?? {};
  for (const name of Object.keys(headers)) {
    const v = headers[name];
    for (const part of Array.isArray(v) ? (v as unknown[]) : [v]) {
      // kafkajs throws on a null or non-string header value; let it, with its message.
      if (typeof part !== 'string' && !Buffer.isBuffer(part)) return null;
      names.push(name);
      parts.push(part);
    }
  }

  let body =
    1 +
    varintSize(zigzag(timestampDelta)) +
    varintSize(zigzag(offsetDelta)) +
    varintSize(zigzag(keyLen)) +
    Math.max(keyLen, 0) +
    varintSize(zigzag(valueLen)) +
    Math.max(valueLen, 0) +
    varintSize(zigzag(names.length));
  const nameLens = new Array<number>(names.length);
  const partLens = new Array<number>(names.length);
  for (let i = 0; i < names.length; i++) {
    const n = (nameLens[i] = Buffer.byteLength(names[i] as string, 'utf8'));
    const p = (partLens[i] = byteLength(parts[i]));
    body += varintSize(zigzag(n)) + n + varintSize(zigzag(p)) + p;
  }

  const buf = Buffer.allocUnsafe(varintSize(zigzag(body)) + body);
  let at = putVarint(buf, 0, zigzag(body));
  buf[at++] = 0; // attributes: none are defined for a record
  at = putVarint(buf, at, zigzag(timestampDelta));
  at = putVarint(buf, at, zigzag(offsetDelta));
  const put = (x: unknown, len: number) => {
    at = putVarint(buf, at, zigzag(len));
    if (len <= 0) return;
    at += Buffer.isBuffer(x) ? x.copy(buf, at) : buf.write(x as string, at, len, 'utf8');
  };
  put(r.key, keyLen);
  put(r.value, valueLen);
  at = putVarint(buf, at, zigzag(names.length));
  for (let i = 0; i < names.length; i++) {
    put(names[i], nameLens[i] as number);
    put(parts[i], partLens[i] as number);
  }
  if (at !== buf.length) throw new Error(`record encoder wrote ${at} of ${buf.length} bytes`);
  return buf;
}
