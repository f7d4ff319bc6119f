import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROLES, type Role } from '@cardline/platform';
import { startStack, type Stack } from './support/stack';
import { REPORT_JSON, REPORT_JUNIT, runSchemathesis, type RunResult } from './support/schemathesis';
import { tokenFor } from '../services/cards/test/support';
import type { Gateway } from '../services/gateway/src/gateway';

// Bad input from outside (docs/adr/0031-schemathesis.md): schemathesis
// generates requests from the gateway's merged OpenAPI document, valid and
// invalid, and sends them through the gateway to the six services on the real
// servers, once for every role with that role's token. Every response must be
// no 5xx, a documented status, a documented content type, valid against its
// schema, and every 4xx a problem+json (test/support/schemathesis_hooks.py).
// Each run is bounded by a time budget; the gateway's rate limit is raised so
// that the runs are not answered 429.

/** Seconds of generation per role: 11 roles × 15 s, about three minutes on two cores. */
const BUDGET_S = 15;
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'problem_json_for_4xx',
];
/**
 * What is not fuzzed, and why. Filters select paths, not one method of a
 * path, so the clock's GET (a read with no input) goes with its POST.
 */
const EXCLUDED: { pathRegex: string; why: string }[] = [
  {
    pathRegex: '/v1/admin/clock$',
    why: "POST moves a service's simulated clock: a fuzzed advanceDays runs years of end-of-day and statements, which no budget bounds",
  },
];

let stack: Stack;
let gw: Gateway;
let dir: string;

beforeAll(async () => {
  stack = await startStack();
  gw = await stack.gateway({ RATE_LIMIT_PER_MINUTE: '1000000' });
  dir = mkdtempSync(path.join(tmpdir(), 'cardline-schemathesis-'));
});

afterAll(async () => {
  await stack?.stop();
});

/** A channel adapter's token is for one channel (docs/adr/0023-least-privilege-operations.md). */
const tokenOf = (role: Role) =>
  role === 'channel_adapter' ? tokenFor(role, 'email-adapter', 'EMAIL') : tokenFor(role);

it(
  'every role: no server error, no undocumented status or content type, every 4xx a problem+json',
  async () => {
    const res = await fetch(`http://127.0.0.1:${gw.port}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: object; 'x-unavailable'?: string[] };
    expect(doc['x-unavailable']).toBeUndefined();
    const docFile = path.join(dir, 'openapi.json');
    writeFileSync(docFile, JSON.stringify(doc));

    const runs: { role: Role; result: RunResult }[] = [];
    for (const role of ROLES) {
      const out = path.join(dir, role);
      mkdirSync(out);
      const args = [
        'run',
        docFile,
        `--url=http://127.0.0.1:${gw.port}`,
        `--header=Authorization: Bearer ${await tokenOf(role)}`,
        `--checks=${CHECKS.join(',')}`,
        ...EXCLUDED.map((e) => `--exclude-path-regex=${e.pathRegex}`),
        '--phases=examples,coverage,fuzzing',
        `--max-time=${BUDGET_S}`,
        // One worker: two threads of it on Python 3.11 crash in ast.parse (a schemathesis runtime error, exit 1).
        '--workers=1',
        '--request-timeout=15',
        '--suppress-health-check=all',
        '--generation-database=none',
        '--report=junit,json',
        `--report-junit-path=${path.join(out, REPORT_JUNIT)}`,
        `--report-json-path=${path.join(out, REPORT_JSON)}`,
        '--no-color',
      ];
      runs.push({ role, result: await runSchemathesis(args, out, (BUDGET_S + 90) * 1000) });
    }

    const sum = (f: (r: RunResult) => number) => runs.reduce((n, r) => n + f(r.result), 0);
    const operations = Math.max(...runs.map((r) => r.result.report?.operations.tested ?? 0));
    // The run's one line of numbers, beside the reports it wrote.
    // eslint-disable-next-line no-console
    console.log(
      `schemathesis: ${runs.length} roles, ${operations} operations tested, ` +
        `${sum((r) => r.report?.test_cases.generated ?? 0)} examples, ` +
        `${sum((r) => r.report?.test_cases.unique_failures ?? 0)} failures; reports in ${dir}`,
    );
    const failed = runs.filter((r) => r.result.code !== 0);
    // Schemathesis' own report text of each failed run (exit 1: failures; 2: it could not run).
    expect(failed.map((r) => `── ${r.role} (exit ${r.result.code}) ──\n${r.result.output}`)).toEqual([]);
    for (const { result } of runs) expect(result.report?.operations.tested).toBeGreaterThan(50);
  },
  ROLES.length * (BUDGET_S + 90) * 1000,
);
