import fs from 'node:fs';
import path from 'node:path';
import { catalog, consumerGroups, eventTypes, services } from '@cardline/schemas';
import {
  DLQ_REPLAY_GROUP_PREFIX,
  aclBindings,
  allowedSources,
  sandboxAclBindings,
  sandboxPrincipals,
  servicePrincipals,
  type ServicePrincipal,
} from '../infra/kafka/principals';

// The Kafka principals and ACLs (infra/kafka/principals.js, from topics.json)
// against what the services' code does: every topic a service publishes or
// consumes is covered, and nothing more (docs/adr/0029-kafka-principals-acls.md).

const root = path.resolve(__dirname, '..');
const sourceFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
const code = (service: string) =>
  sourceFiles(path.join(root, 'services', service, 'src'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');

/** Topic lists the wiring names by a constant instead of a literal. */
const NAMED_TOPICS: Record<string, string[]> = {
  // services/ticketing/src/adapters/kafka/handlers.ts: every service's event topics.
  TIMELINE_TOPICS: services.flatMap((s) => s.topics.events),
};

/** `rt.consumer('<group>', [<topics>] | NAME, …)` calls in a service's code. */
function consumersInCode(service: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of code(service).matchAll(/rt\.consumer\(\s*'([^']+)',\s*(\[[^\]]*\]|[A-Z_]+)/g)) {
    const [, group = '', list = ''] = m;
    const topics = list.startsWith('[')
      ? [...list.matchAll(/'([^']+)'/g)].map((t) => t[1] ?? '')
      : (NAMED_TOPICS[list] ?? [`unresolved ${list}`]);
    out.set(group, [...topics].sort());
  }
  return out;
}

/** Topics of the wire event types a service's code builds (`type: '<wire type>'`). */
function publishedInCode(service: string): string[] {
  const topics = new Set<string>();
  for (const m of code(service).matchAll(/\btype:\s*'([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+\.v\d+)'/g)) {
    const topic = eventTypes.get(m[1] ?? '')?.topic;
    if (topic) topics.add(topic); // a domain-only type (sales' decider) is mapped to a wire type before it is published
  }
  return [...topics].sort();
}

const principals = servicePrincipals();
const principal = (name: string): ServicePrincipal => {
  const p = principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};
const kafkaServices = services.map((s) => s.name);

it('there is one principal per service that uses Kafka, and none for the gateway', () => {
  expect(principals.map((p) => p.name)).toEqual([...kafkaServices].sort());
  expect(consumersInCode('gateway').size).toBe(0);
  expect(publishedInCode('gateway')).toEqual([]);
});

describe.each(kafkaServices)('%s', (service) => {
  it('may write exactly the topics its code publishes', () => {
    expect(principal(service).write.sort()).toEqual(publishedInCode(service));
  });

  it('reads exactly the topics its consumer groups subscribe to in code, under those groups', () => {
    const inCode = consumersInCode(service);
    const declared = consumerGroups.filter((g) => g.service === service);
    expect(Object.fromEntries(inCode)).toEqual(
      Object.fromEntries(declared.map((g) => [g.group, [...g.topics].sort()])),
    );
    expect(principal(service).groups.sort()).toEqual([...inCode.keys()].sort());
    expect(principal(service).read).toEqual([...new Set([...inCode.values()].flat())].sort());
  });

  it('may write and create only the dead-letter topics of its own groups', () => {
    const inCode = consumersInCode(service);
    expect(principal(service).deadLetters).toEqual(
      [...inCode].flatMap(([g, topics]) => topics.map((t) => `${t}.dlq.${g}`)).sort(),
    );
  });

  it('its ACLs grant nothing beyond its topics, groups and dead letters', () => {
    const p = principal(service);
    for (const b of aclBindings(p)) {
      expect(b.principal).toBe(`User:${service}`);
      expect(b.permissionType).toBe('ALLOW');
      if (b.resourceType === 'GROUP') {
        const own = p.groups.includes(b.resourceName) && b.operation === 'READ';
        const replayCursor =
          b.operation === 'DESCRIBE' &&
          p.deadLetters.some((d) => b.resourceName === `cardline-cli.dlq-replay.${d}`);
        expect({ binding: b, allowed: own || replayCursor }).toEqual({ binding: b, allowed: true });
      } else if (b.resourcePatternType === 'PREFIXED') {
        expect(p.deadLetters).toContain(b.resourceName);
        expect(['WRITE', 'DESCRIBE', 'CREATE']).toContain(b.operation);
      } else {
        const allowed =
          b.operation === 'WRITE' ? p.write : b.operation === 'READ' ? p.read : [...p.write, ...p.read];
        expect(allowed).toContain(b.resourceName);
      }
    }
  });
});

it('ledger.adjustment is written by the services that may move money only, and read by the ledger', () => {
  const writers = principals.filter((p) => p.write.includes('ledger.adjustment')).map((p) => p.name);
  expect(writers).toEqual(['collections', 'disputes']);
  expect(principals.filter((p) => p.read.includes('ledger.adjustment')).map((p) => p.name)).toEqual([
    'ledger',
  ]);
  expect(principal('cards').write).toEqual(['cards.card']);
});

it("the consumers' ce_source allow-list is the same table: each type's writers are its topic's", () => {
  const sources = allowedSources();
  for (const e of catalog) expect(eventTypes.get(e.type)?.writers).toEqual(sources[e.topic]);
  for (const [topic, writers] of Object.entries(sources))
    expect(principals.filter((p) => p.write.includes(topic)).map((p) => p.name)).toEqual([...writers].sort());
});

it('a sandbox principal (docs/adr/0033-console-training-mode.md) is granted only topics and groups under its own prefix, which no real one has', () => {
  const real = [
    ...principals.flatMap((p) => [...p.write, ...p.read, ...p.groups]),
    ...consumerGroups.map((g) => g.group),
  ];
  expect(sandboxPrincipals().map((p) => p.name)).toEqual(['training']);
  for (const p of sandboxPrincipals()) {
    expect(principals.map((s) => s.name)).not.toContain(p.name);
    expect(real.filter((name) => name.startsWith(p.prefix))).toEqual([]);
    // Everything under its own prefix, but for reading how far a DLQ replay of its own dead letters got.
    const replayCursor = `${DLQ_REPLAY_GROUP_PREFIX}${p.prefix}`;
    for (const b of sandboxAclBindings(p)) {
      expect(b).toMatchObject({ principal: `User:${p.name}`, resourcePatternType: 'PREFIXED' });
      if (b.resourceName === replayCursor)
        expect(b).toMatchObject({ resourceType: 'GROUP', operation: 'DESCRIBE' });
      else expect(b.resourceName).toBe(p.prefix);
    }
    expect(
      sandboxAclBindings(p)
        .filter((b) => b.resourceType === 'GROUP')
        .map((b) => `${b.operation} ${b.resourceName}`),
    ).toEqual([`READ ${p.prefix}`, `DESCRIBE ${replayCursor}`]);
  }
});
