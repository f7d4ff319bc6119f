import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stopAfterFile } from './teardown';

/**
 * The schemathesis CLI that infra/local/install.sh puts in a venv in
 * $CARDLINE_CACHE, run as a child process (docs/adr/0031-schemathesis.md).
 * Asynchronous on purpose: the services it tests run in this process.
 */

const root = path.resolve(__dirname, '..', '..');
export const HOOKS = path.join(__dirname, 'schemathesis_hooks.py');

/** The venv's schemathesis binary; throws with the install command when it is missing. */
export function schemathesisBin(): string {
  const dir = execFileSync(
    'bash',
    [
      '-c',
      `source "${path.join(root, 'infra', 'local', 'env.sh')}"; echo "$CARDLINE_CACHE/schemathesis-$SCHEMATHESIS_VERSION"`,
    ],
    { encoding: 'utf8' },
  ).trim();
  if (!existsSync(path.join(dir, '.ready')))
    throw new Error(`no schemathesis in ${dir}; run: bash infra/local/install.sh schemathesis`);
  return path.join(dir, 'bin', 'schemathesis');
}

/** What one run's JSON report (--report json) says, as far as the test reads it. */
export interface RunReport {
  exit_code: number;
  seed: string | number;
  operations: { selected: number; tested: number; errored: number };
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
}

export interface RunResult {
  code: number | null;
  /** Schemathesis' own report text: stdout and stderr. */
  output: string;
  report: RunReport | null;
}

/** The reports a run writes into its folder: pass these to --report-*-path. */
export const REPORT_JSON = 'report.json';
export const REPORT_JUNIT = 'junit.xml';

/**
 * Runs `schemathesis <args>` with cwd `dir` (where it keeps its example
 * database), with the hooks file loaded; killed after `killAfterMs`.
 */
export function runSchemathesis(args: string[], dir: string, killAfterMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesisBin(), args, {
      cwd: dir,
      env: { ...process.env, SCHEMATHESIS_HOOKS: HOOKS, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stopAfterFile({ stop: () => child.exitCode === null && child.kill('SIGKILL') }, 'schemathesis');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const json = path.join(dir, REPORT_JSON);
      resolve({
        code,
        output: Buffer.concat(chunks).toString(),
        report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as RunReport) : null,
      });
    });
  });
}
