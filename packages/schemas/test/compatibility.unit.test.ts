import path from 'node:path';
import {
  RELEASED_DIR,
  loadEventTypes,
  releasedVersions,
  type LoadedEventType,
} from '../scripts/lib/contracts';
import { backwardProblem } from './support/avro-rules';

// BACKWARD_TRANSITIVE, checked before the registry sees it: the current
// schema of every event type must read data written with every released
// version of it. The registry enforces the same rule on registration; this
// test fails in CI, before a deploy.
const current = new Map(loadEventTypes().map((e) => [e.type, e]));
const releases = releasedVersions().map((v) => ({
  version: v,
  events: loadEventTypes(path.join(RELEASED_DIR, v)),
}));

describe('backward compatibility with every release', () => {
  it('has at least one release (packages/schemas/released/)', () => {
    expect(releases.length).toBeGreaterThan(0);
  });

  const cases = releases.flatMap(({ version, events }) =>
    events.map((released) => [`${released.type} @ ${version}`, released] as [string, LoadedEventType]),
  );
  it.each(cases)('%s: still exists and the current schema reads its data', (_label, released) => {
    // A released event type is never deleted: consumers and replays need it.
    // A breaking change is a new major (a new file), next to the old one.
    const now = current.get(released.type);
    expect(now).toBeDefined();
    expect(backwardProblem(now?.schema, released.schema)).toBeUndefined();
  });
});

describe('the compatibility check catches breaking changes', () => {
  const posted = current.get('ledger.transaction.posted.v1');
  if (!posted) throw new Error('ledger.transaction.posted.v1 missing');
  const base = posted.schema;
  const withFields = (fields: unknown[]) => ({ ...base, fields });

  it('accepts a new field with a default', () => {
    const next = withFields([...base.fields, { name: 'channel', type: ['null', 'string'], default: null }]);
    expect(backwardProblem(next, base)).toBeUndefined();
  });

  it('rejects a new field without a default', () => {
    const next = withFields([...base.fields, { name: 'channel', type: 'string' }]);
    expect(backwardProblem(next, base)).toMatch(/default-less .*channel/);
  });

  it('rejects a removed enum symbol when the reader enum has no default', () => {
    const kind = (symbols: string[], dflt?: string) => ({
      name: 'kind',
      type: { type: 'enum', name: 'TransactionKind', symbols, ...(dflt && { default: dflt }) },
    });
    const writer = withFields([kind(['UNKNOWN', 'PURCHASE', 'REFUND'], 'UNKNOWN')]);
    expect(backwardProblem(withFields([kind(['UNKNOWN', 'PURCHASE'])]), writer)).toMatch(/TransactionKind/);
    // With a default symbol the reader maps the unknown symbol to it: compatible.
    expect(backwardProblem(withFields([kind(['UNKNOWN', 'PURCHASE'], 'UNKNOWN')]), writer)).toBeUndefined();
  });

  it('rejects a changed field type and a renamed record', () => {
    const amount = base.fields.map((f) => (f.name === 'amount' ? { ...f, type: 'string' } : f));
    expect(backwardProblem(withFields(amount), base)).toBeDefined();
    expect(backwardProblem({ ...base, name: 'PostingV1' }, base)).toBeDefined();
  });
});
