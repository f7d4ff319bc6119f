import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { dockerAnswers, loadTestcontainers } from '../scripts/lib/servers';

// The Node versions we support are the `engines` range of package.json
// (docs/adr/0013-node-versions.md). The unit tier runs on the machine's Node
// and, in CI, on Node 24 too, so these checks hold on each of them.

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const supported = pkg.engines.node;
/** The first release of each line the range names: 20.19.0, 22.13.0, 24.0.0. */
const lowest = supported.split('||').map((part) => semver.minVersion(part.trim())?.version as string);

describe('Node versions', () => {
  it(`runs on a Node that package.json supports (${process.versions.node} in ${supported})`, () => {
    expect(semver.satisfies(process.versions.node, supported)).toBe(true);
  });

  it.each(lowest)('every locked package accepts Node %s, the lowest of its line', (version) => {
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !semver.satisfies(version, range) ? [`${name}@${p.version} wants ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});

describe('Testcontainers', () => {
  it(`loads on this Node (${process.versions.node}) with what scripts/lib/servers.js uses`, () => {
    const tc = loadTestcontainers();
    expect(tc.reason).toBeUndefined();
    for (const name of ['GenericContainer', 'Network', 'Wait', 'getContainerRuntimeClient'] as const)
      expect(tc.lib?.[name]).toBeDefined();
  });

  it('says in one line why the Docker path is not taken when the library cannot load', async () => {
    const lines: string[] = [];
    const reason = 'testcontainers cannot load on Node 20.0.0: boom';
    expect(await dockerAnswers({ log: (l) => lines.push(l), load: () => ({ reason }) })).toBe(false);
    expect(lines).toEqual([`[integration] not using Testcontainers: ${reason}`]);
  });

  it('says in one line that no Docker engine answered, or nothing when one does', async () => {
    const lines: string[] = [];
    const answered = await dockerAnswers({ log: (l) => lines.push(l) });
    if (answered) expect(lines).toEqual([]);
    else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^\[integration\] not using Testcontainers: no Docker engine answered \(.+\)$/,
      );
    }
  }, 15000);
});
