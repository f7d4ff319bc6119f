import type { Admin } from 'kafkajs';
import { sandboxTopic } from '@cardline/platform';
import { topicDeclarations } from '@cardline/schemas';

/**
 * The sandbox's copy of every declared topic, one partition each: a trainee
 * at a time needs no parallelism, and twelve partitions per topic would cost
 * the two-core machine more at every start (docs/adr/0033-console-training-mode.md).
 * Existing ones are left alone; the consumers create their dead-letter topics.
 */
export async function createSandboxTopics(admin: Admin, sandbox: string): Promise<string[]> {
  const wanted = topicDeclarations()
    .filter((t) => t.kind === 'events')
    .map((t) => sandboxTopic(t.name, sandbox));
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t));
  if (missing.length > 0)
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    });
  return missing;
}
