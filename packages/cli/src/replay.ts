import { Kafka, logLevel } from 'kafkajs';
import { consumerGroups } from '@cardline/schemas';
import { kafkaAuth } from '@cardline/platform';
import { settings, type Settings } from './settings';
import { ranges } from './read-window';
import { windowOf } from './window';
import { optionText } from './args';
import { planReplay, planText, refusal, type ReplayPlan } from './replay-plan';

/**
 * `events replay <topic> --from t0 [--to t1] --into-group <sandbox> [--dry-run]`:
 * sets the sandbox group's offsets on the topic to the window's start, so a
 * consumer started in that group reads the window again. The dry run prints
 * the diff and commits nothing; a production group or an active group is
 * refused (docs/architecture.md, "Observability").
 */
export async function replay(
  positionalTopic: string | undefined,
  o: Record<string, string | true>,
  s: Settings = settings(),
): Promise<ReplayPlan> {
  const topic = positionalTopic ?? optionText(o, 'topic');
  const group = optionText(o, 'into-group');
  if (!topic || !group)
    throw new Error('events replay <topic> --from <t0> [--to <t1>] --into-group <group> [--dry-run]');
  const dryRun = o['dry-run'] === true;
  const window = windowOf(optionText(o, 'from') ?? '0', optionText(o, 'to'), Date.now());
  const kafka = new Kafka({
    clientId: 'cardline-cli',
    brokers: s.brokers,
    logLevel: logLevel.NOTHING,
    ...kafkaAuth(s.sasl),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const {
      groups: [described],
    } = await admin.describeGroups([group]);
    const state = described?.state ?? 'Dead';
    const declared = consumerGroups.map((g) => g.group);
    const highs = await admin.fetchTopicOffsets(topic);
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, window.from);
    const ends = window.to === null ? null : await admin.fetchTopicOffsetsByTimestamp(topic, window.to);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const plan = planReplay({
      topic,
      group,
      ranges: ranges(starts, ends, highs),
      highs,
      committed: committed?.partitions ?? [],
    });
    process.stdout.write(`${planText(plan)}\n`);
    const refused = refusal(group, declared, state);
    if (dryRun) {
      process.stdout.write(
        `dry run: nothing committed${refused ? `; a real run would be refused: ${refused}` : ''}\n`,
      );
      return plan;
    }
    if (refused) throw new Error(`not replaying: ${refused}`);
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: plan.partitions.map((p) => ({ partition: p.partition, offset: String(p.target) })),
    });
    process.stdout.write(`committed: ${group} resumes ${topic} at the window's start\n`);
    return plan;
  } finally {
    await admin.disconnect();
  }
}
