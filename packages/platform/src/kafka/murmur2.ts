/**
 * Kafka's murmur2 key hash (Java client `Utils.murmur2`, which kafkajs's
 * default partitioner reproduces), in 32-bit integer arithmetic. kafkajs
 * computes it with a 64-bit Long emulation, about 1.5 µs a key (bench B1);
 * only the low 32 bits ever reach the result, so Math.imul gives the same
 * hash (murmur2.unit.test.ts holds the two together).
 */
const M = 0x5bd1e995;
const SEED = 0x9747b28c;

export function murmur2(data: Buffer): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last one to three bytes, as the Java client's switch falls through them.
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] as number), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition kafkajs's default partitioner gives a keyed record: the hash made positive, modulo the count. */
export function partitionForKey(key: Buffer | string, partitions: number): number {
  return (murmur2(Buffer.isBuffer(key) ? key : Buffer.from(key)) & 0x7fffffff) % partitions;
}
