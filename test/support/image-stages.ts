import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The service images without Docker: infra/docker/service.Dockerfile's deps
 * stage and runtime stage replayed into a temporary folder, instruction by
 * instruction, so that what is tested is what the Dockerfile says. The build
 * stage is this checkout (its `npm ci`, and `tsc -b` and the console's build run here). One deps
 * install serves every image, as in the Dockerfile, where it does not depend
 * on SERVICE. What cannot be replayed: `USER node` and the base image's Node
 * (the tree runs on this machine's Node).
 */

export const root = path.resolve(__dirname, '..', '..');
export const dockerfilePath = path.join(root, 'infra', 'docker', 'service.Dockerfile');
export const SERVICES = [
  'ledger',
  'cards',
  'disputes',
  'ticketing',
  'collections',
  'sales',
  'gateway',
] as const;
export type ServiceName = (typeof SERVICES)[number];

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

/** A stage's filesystem: container path → path on this machine. */
type StageRoot = (containerPath: string) => string;

export interface ImageTree {
  service: ServiceName;
  /** The runtime stage's WORKDIR, where CMD runs. */
  dir: string;
  /** Its ENV. */
  env: Record<string, string>;
  /** Its CMD, exec form. */
  cmd: string[];
  /** Its HEALTHCHECK command (shell form). */
  healthcheck: string;
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      stages.push({ name: /\bAS\s+(\S+)$/i.exec(args)?.[1], instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`${op} before FROM`);
    stage.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const substitute = (s: string, vars: Record<string, string>) =>
  s.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, a: string | undefined, b: string | undefined) => vars[(a ?? b) as string] ?? '',
  );

/** `KEY=value KEY2="two words"` as ENV and ARG write them. */
function assignments(args: string, vars: Record<string, string>): [string, string][] {
  const out: [string, string][] = [];
  for (const m of args.matchAll(/(\w+)(?:=("[^"]*"|\S*))?/g)) {
    const raw = m[2] ?? '';
    out.push([m[1] as string, substitute(raw.replace(/^"(.*)"$/, '$1'), vars)]);
  }
  return out;
}

/** The build context minus .dockerignore (only the pattern forms it uses: names, `**` and `*`). */
function contextFilter(context: string): (src: string) => boolean {
  const patterns = readFileSync(path.join(context, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!'))) throw new Error('.dockerignore exceptions are not replayed');
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^$()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '(?:.*/)?')
          .replace(/\*/g, '[^/]*')}(?:/.*)?$`,
      ),
  );
  return (src) => {
    const rel = path.relative(context, src).split(path.sep).join('/');
    return rel === '' || !res.some((re) => re.test(rel));
  };
}

function passThrough(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache', 'npm_config_registry'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])));
}

/**
 * A large tree (node_modules) between stages: hard links where cp can make
 * them (nothing writes to the copies), else a copy; symlinks stay as they are.
 */
function copyTree(src: string, dest: string): void {
  try {
    execFileSync('cp', ['-a', '-l', `${src}/.`, dest], { stdio: 'ignore' });
  } catch {
    execFileSync('cp', ['-a', `${src}/.`, dest]);
  }
}

/** COPY as Docker does it: a directory's contents into dest, files into a dest folder or onto a dest path. */
function copy(sources: string[], dest: string, filter?: (src: string) => boolean): void {
  const intoDir =
    sources.length > 1 || dest.endsWith('/') || (existsSync(dest) && statSync(dest).isDirectory());
  for (const src of sources) {
    if (!existsSync(src)) throw new Error(`COPY: ${src} does not exist`);
    if (statSync(src).isDirectory()) {
      mkdirSync(dest, { recursive: true });
      if (filter) cpSync(src, dest, { recursive: true, verbatimSymlinks: true, filter });
      else copyTree(src, dest);
    } else {
      const to = intoDir ? path.join(dest, path.basename(src)) : dest;
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(src, to, { verbatimSymlinks: true });
    }
  }
}

/**
 * Replays one stage into `dir` (its `/`). `from` gives the other stages'
 * filesystems for COPY --from; plain COPY reads the build context.
 */
function replay(
  stage: Stage,
  dir: string,
  o: { from: Record<string, StageRoot>; args: Record<string, string>; runEnv: Record<string, string> },
) {
  const here: StageRoot = (p) => path.join(dir, p);
  const vars: Record<string, string> = {};
  const env: Record<string, string> = {};
  let workdir = '/';
  let cmd: string[] = [];
  let healthcheck = '';
  const inStage = (p: string) => here(path.posix.resolve(workdir, p));
  for (const { op, args } of stage.instructions) {
    if (op === 'WORKDIR') {
      workdir = path.posix.resolve(workdir, substitute(args, vars));
      mkdirSync(here(workdir), { recursive: true });
    } else if (op === 'ARG') {
      for (const [k, v] of assignments(args, vars)) vars[k] = o.args[k] ?? v;
    } else if (op === 'ENV') {
      for (const [k, v] of assignments(args, vars)) vars[k] = env[k] = v;
    } else if (op === 'COPY') {
      const words = substitute(args, vars).split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths.pop() as string;
      const to = inStage(dest) + (dest.endsWith('/') ? '/' : '');
      if (from) {
        const source = o.from[from];
        if (!source) throw new Error(`COPY --from=${from}: no such stage replayed`);
        copy(paths.map(source), to);
      } else {
        copy(
          paths.map((p) => path.join(root, p)),
          to,
          contextFilter(root),
        );
      }
    } else if (op === 'RUN') {
      execFileSync('sh', ['-c', args], {
        cwd: here(workdir),
        // A clean environment, as in a build: only what finds tools and the npm cache.
        env: { ...passThrough(), ...o.runEnv, ...vars },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } else if (op === 'CMD') {
      cmd = JSON.parse(args) as string[];
    } else if (op === 'HEALTHCHECK') {
      healthcheck = /\bCMD\s+(.*)$/.exec(args)?.[1] ?? '';
    } else if (!['USER', 'EXPOSE', 'LABEL'].includes(op)) {
      throw new Error(`${op} is not replayed; teach test/support/image-stages.ts`);
    }
  }
  return { root: here, workdir: here(workdir), env, cmd, healthcheck };
}

export interface ImageTrees {
  images: Record<ServiceName, ImageTree>;
  /** Removes the temporary folder. */
  remove(): void;
}

/**
 * Every service's runtime tree, from one replay of the deps stage. Takes the
 * time of one `npm ci --omit=dev` (offline from the npm cache when it holds
 * the packages, as after the checkout's own `npm ci`).
 */
export function buildImageTrees(services: readonly ServiceName[] = SERVICES): ImageTrees {
  const stages = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));
  const deps = stages.find((s) => s.name === 'deps');
  const consoleStage = stages.find((s) => s.name === 'console');
  const runtime = stages[stages.length - 1];
  if (!deps || !consoleStage || !runtime || runtime.name !== undefined)
    throw new Error('expected `deps` and `console` stages and an unnamed runtime stage last');
  // The build stage is this checkout: /app is the repository, built.
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // …and its console bundled, as the build stage's `npm run build -w @cardline/console`.
  execFileSync(process.execPath, [path.join(root, 'apps', 'console', 'build.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const build: StageRoot = (p) => {
    const rel = path.posix.relative('/app', p);
    if (rel.startsWith('..')) throw new Error(`COPY --from=build ${p}: only /app is the checkout`);
    return path.join(root, rel);
  };
  const tmp = mkdtempSync(path.join(tmpdir(), 'cardline-images-'));
  // Resolution walks up from the tree: a node_modules above it would hide a missing dependency.
  for (let d = path.dirname(tmp); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'node_modules')))
      throw new Error(`${d}/node_modules would leak into the trees`);
    if (d === path.dirname(d)) break;
  }
  try {
    const depsStage = replay(deps, path.join(tmp, 'deps'), {
      from: { build },
      args: {},
      runEnv: { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
    });
    const images = {} as Record<ServiceName, ImageTree>;
    for (const service of services) {
      // The console stage depends on SERVICE (the gateway's tree only): replayed per image.
      const consoleFiles = replay(consoleStage, path.join(tmp, `console-${service}`), {
        from: { build },
        args: { SERVICE: service },
        runEnv: {},
      });
      const r = replay(runtime, path.join(tmp, service), {
        from: { build, deps: depsStage.root, console: consoleFiles.root },
        args: { SERVICE: service },
        runEnv: {},
      });
      images[service] = { service, dir: r.workdir, env: r.env, cmd: r.cmd, healthcheck: r.healthcheck };
    }
    return { images, remove: () => rmSync(tmp, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
