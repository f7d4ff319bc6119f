import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { buildImageTrees, SERVICES, type ImageTrees } from './support/image-stages';

// Each service image holds everything its code requires: the Dockerfile's
// deps and runtime stages are replayed into a clean folder (no Docker, no
// servers), and every require of the tree is resolved from there with Node's
// own resolution. test/images.int.test.ts starts the services from such trees.

let trees: ImageTrees;
beforeAll(() => {
  trees = buildImageTrees();
}, 300_000);
afterAll(() => trees?.remove());

interface Check {
  files: number;
  unresolved: string[];
  loaded: string[];
  failed: string[];
  /** The console's files in apps/console/dist/web. */
  console: string[];
}

const checks = new Map<string, Check>();
/** One run of the checker per image, shared by the tests below. */
function check(service: (typeof SERVICES)[number]): Check {
  const done = checks.get(service);
  if (done) return done;
  const image = trees.images[service];
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'support', 'check-image-tree.js'), image.dir],
    {
      cwd: image.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...image.env },
      encoding: 'utf8',
    },
  );
  const r = JSON.parse(out) as Check;
  checks.set(service, r);
  return r;
}

describe.each(SERVICES)('the %s image', (service) => {
  it('resolves every require of its code and scripts from its own node_modules', () => {
    const r = check(service);
    expect(r.files).toBeGreaterThan(10);
    expect(r.unresolved).toEqual([]);
  });

  it("loads every module its main.js requires, and the compose jobs' scripts", () => {
    const r = check(service);
    expect(r.failed).toEqual([]);
    expect(r.loaded).toEqual(
      expect.arrayContaining([
        `services/${service}/dist/instrument.js`,
        'packages/platform/dist/index.js',
        'infra/topics/create-topics.js',
        'packages/schemas/scripts/register.js',
      ]),
    );
  });

  it('runs dist/main.js as a production service that only looks its schemas up', () => {
    const image = trees.images[service];
    expect(image.cmd).toEqual(['node', 'main.js']);
    expect(realpathSync(path.join(image.dir, 'main.js'))).toBe(
      realpathSync(path.join(image.dir, 'services', service, 'dist', 'main.js')),
    );
    expect(image.env).toMatchObject({
      NODE_ENV: 'production',
      PORT: '8080',
      SERVICE_NAME: service,
      SCHEMA_REGISTRY_MODE: 'lookup',
    });
  });
});

it("the gateway image carries the gateway's own undici, which the root install does not have", () => {
  const dir = trees.images.gateway.dir;
  const own = path.join(dir, 'services', 'gateway', 'node_modules', 'undici', 'package.json');
  const { version } = JSON.parse(readFileSync(own, 'utf8')) as { version: string };
  const { dependencies } = JSON.parse(
    readFileSync(path.join(dir, 'services', 'gateway', 'package.json'), 'utf8'),
  ) as { dependencies: Record<string, string> };
  expect(dependencies.undici).toMatch(new RegExp(`^\\^${version.split('.')[0]}\\.`));
  expect(existsSync(path.join(dir, 'node_modules', 'undici'))).toBe(false);
});

it('the gateway image carries the built console where the gateway serves it from; no other image does', () => {
  const web = (service: (typeof SERVICES)[number]) =>
    path.join(trees.images[service].dir, 'apps', 'console', 'dist', 'web');
  for (const file of ['index.html', 'app.js', 'console.css'])
    expect({ file, there: existsSync(path.join(web('gateway'), file)) }).toEqual({ file, there: true });
  // Where services/gateway/src/console.ts looks (CONSOLE_DIST, from its dist folder).
  const gatewayDist = path.join(trees.images.gateway.dir, 'services', 'gateway', 'dist');
  expect(path.resolve(gatewayDist, '..', '..', '..', 'apps', 'console', 'dist', 'web')).toBe(web('gateway'));
  expect(check('gateway').console).toEqual(expect.arrayContaining(['app.js', 'console.css', 'index.html']));
  for (const service of SERVICES.filter((s) => s !== 'gateway')) {
    expect({ service, console: check(service).console }).toEqual({ service, console: [] });
    expect(existsSync(path.join(trees.images[service].dir, 'apps'))).toBe(false);
  }
});
