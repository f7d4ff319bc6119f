import { topicDeclarations } from '../scripts/lib/contracts';

// Read models are rebuilt by replaying their topics (docs/runbooks/rebuild-read-model.md):
// a domain topic must keep longer than the longest lookback a view needs, goodwill's 12 months.
const DAY = 86_400_000;

it('every domain topic keeps more than a year of events, so a rebuilt view has its whole lookback', () => {
  const domain = topicDeclarations().filter((t: { name: string }) => !t.name.includes('.dlq.'));
  expect(domain.length).toBeGreaterThan(0);
  const short = (domain as { name: string; retentionMs: number }[]).filter((t) => t.retentionMs <= 366 * DAY);
  expect(short.map((t) => t.name)).toEqual([]);
});
