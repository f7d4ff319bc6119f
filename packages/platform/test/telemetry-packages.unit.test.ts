import { readFileSync } from 'node:fs';
import path from 'node:path';

// @opentelemetry/sdk-node pins its stable packages to exact versions; a direct
// dependency on another version of one of them loads a second copy, whose
// spans and resources the SDK does not recognise (docs/adr/0005-libraries.md).

const root = path.resolve(__dirname, '..', '..', '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; dependencies?: Record<string, string> }>;
};
const platform = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

const sdkNode = lock.packages['node_modules/@opentelemetry/sdk-node'];
/** What the SDK pins exactly (a plain version, no range). */
const pinned = Object.entries(sdkNode?.dependencies ?? {}).filter(([, v]) => /^\d+\.\d+\.\d+$/.test(v));

const versionsOf = (name: string) =>
  new Set(
    Object.entries(lock.packages)
      .filter(([where]) => where.endsWith(`node_modules/${name}`))
      .map(([, p]) => p.version),
  );

describe('OpenTelemetry packages', () => {
  it('the SDK pins its stable packages', () => {
    expect(pinned.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        '@opentelemetry/core',
        '@opentelemetry/resources',
        '@opentelemetry/sdk-trace-base',
      ]),
    );
  });

  it('our direct OpenTelemetry dependencies are the versions the SDK pins', () => {
    for (const [name, version] of pinned)
      if (name in platform.dependencies)
        expect(`${name}@${platform.dependencies[name]}`).toBe(`${name}@${version}`);
  });

  it.each(pinned)('%s is locked once, at %s', (name, version) => {
    expect([...versionsOf(name)]).toEqual([version]);
  });

  it('the platform and the SDK load the same copy of core, resources and sdk-trace-base', () => {
    const sdkDir = path.dirname(require.resolve('@opentelemetry/sdk-node/package.json'));
    for (const name of ['@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-trace-base'])
      expect(require.resolve(name, { paths: [sdkDir] })).toBe(
        require.resolve(name, { paths: [path.join(__dirname, '..')] }),
      );
  });
});
