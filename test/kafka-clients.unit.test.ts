import fs from 'node:fs';
import path from 'node:path';

// Every Kafka client the repository builds carries a principal: the broker
// refuses unauthenticated clients (docs/adr/0029-kafka-principals-acls.md),
// and a client built without one only fails at run time ("Closed connection").
// A client for a throwaway plaintext cluster says so with `sasl: null`.

const root = path.resolve(__dirname, '..');
const roots = ['packages', 'services', 'apps', 'scripts', 'bench/src', 'infra', 'test'];
const skip = new Set(['node_modules', 'dist', 'generated']);

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (skip.has(e.name)) return [];
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

// The platform's createKafka builds the config with kafkaAuth first.
const built = new Set(['packages/platform/src/kafka/client.ts']);

const constructions = roots
  .flatMap((r) => files(path.join(root, r)))
  .flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const found: { where: string; config: string }[] = [];
    for (const m of text.matchAll(/new Kafka\(/g)) {
      const at = m.index ?? 0;
      if (text.slice(Math.max(0, at - 3), at).includes('`')) continue; // in a comment's code span
      const line = text.slice(0, at).split('\n').length;
      if (built.has(path.relative(root, file))) continue;
      found.push({ where: `${path.relative(root, file)}:${line}`, config: text.slice(at, at + 400) });
    }
    return found;
  });

it('finds the Kafka clients it checks', () => {
  expect(constructions.length).toBeGreaterThanOrEqual(8);
});

it.each(constructions.map((c) => [c.where, c.config]))('%s passes credentials', (_where, config) => {
  // Up to the end of the config object.
  const head = config.slice(0, config.indexOf('})') + 2 || undefined);
  // kafkaAuth(...), a SASL config built or passed in, an explicit `sasl: null` for a
  // throwaway plaintext cluster, or the CLI's connection(); never `sasl: undefined`.
  expect(head).toMatch(/kafkaAuth\(|saslFromEnv\(|\bsasl(,|: null|: \{ mechanism)|connection\(\)/);
});
