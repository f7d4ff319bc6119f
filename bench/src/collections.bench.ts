/* eslint-disable no-console */
/*
 * C1, C2: collections' pure hot paths, no servers. C1: the contact gate
 * (contact-gate.ts `decide`) on a debtor with a realistic week of history,
 * decisions per second and p99 per decision. C2: a strategy run without the
 * store (treatment-plan.ts: what is due; treatments.ts: the decision with the
 * gate inside; the timer's next instant) over 1,000
 * and 10,000 delinquent cases in mixed markets, buckets and variants, cost
 * per account and how it grows (docs/adr/0025-simulated-delivery-adapter.md).
 * `node bench/run-one.js collections` runs it alone (bench/results/collections.md);
 * `npm run bench` runs it with the rest.
 */
import os from 'node:os';
import { decide as askGate } from '@cardline/collections/dist/domain/contact-gate';
import type { ContactAttempt, ContactRecord, DebtorFacts } from '@cardline/collections/dist/domain/contact';
import { decide, fold, type CaseCommand, type CaseState } from '@cardline/collections/dist/domain/case';
import { DEFAULT_RULE_PACKS } from '@cardline/collections/dist/domain/policy';
import { DEFAULT_STRATEGIES } from '@cardline/collections/dist/domain/strategy-config';
import { nextTreatmentAt, treatmentDue } from '@cardline/collections/dist/domain/treatment-plan';
import { writeReport, type BenchRow } from './report';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 4, 15, 0); // 10:00 New York, 23:00 Shanghai
const GATE_DECISIONS = Number(process.env.BENCH_GATE_DECISIONS ?? 50_000);
/** The gate is never the runner's bottleneck: a 10,000-case book's questions in one second of CPU. */
const GATE_FLOOR_PER_S = 10_000;
const GATE_P99_CEILING_MS = 1;
/** Planning is linear: cost per account at 10k may be at most 1.5× the cost at 1k. */
const GROWTH_CEILING = 1.5;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function gateInputs(i: number): { attempt: ContactAttempt; history: ContactRecord[]; facts: DebtorFacts } {
  const cn = i % 3 === 0;
  const history: ContactRecord[] = Array.from({ length: 12 }, (_, k) => ({
    at: new Date(T0 - (k + 1) * 13 * 3_600_000).toISOString(),
    debtId: k % 4 === 0 ? 'debt-2' : 'debt-1',
    channel: k % 3 === 0 ? 'SMS' : 'CALL',
    direction: 'OUTBOUND',
    outcome: k % 5 === 0 ? 'RIGHT_PARTY_CONTACT' : 'NO_ANSWER',
  }));
  return {
    attempt: {
      debtId: 'debt-1',
      channel: i % 2 === 0 ? 'CALL' : 'SMS',
      party: 'DEBTOR',
      autodialled: false,
      hasOptOut: true,
      carriesValidationNotice: false,
    },
    history,
    facts: {
      timeZone: cn ? 'Asia/Shanghai' : 'America/New_York',
      ceaseRequested: false,
      attorneyOnFile: false,
      doNotContact: [],
      mobile: false,
      autodialConsentOnMobile: false,
      validationNoticeSentAt: new Date(T0 - 30 * DAY).toISOString(),
    },
  };
}

function gateRows(): BenchRow[] {
  const inputs = Array.from({ length: 64 }, (_, i) => gateInputs(i));
  const packs = [DEFAULT_RULE_PACKS.US, DEFAULT_RULE_PACKS.CN];
  // Warm up, then time each decision (hrtime per call; the loop's own cost is included, which only penalises us).
  for (let i = 0; i < 5_000; i++) {
    const x = inputs[i % 64];
    if (x)
      askGate(
        x.attempt,
        x.history,
        x.facts,
        packs[i % 3 === 0 ? 1 : 0] ?? DEFAULT_RULE_PACKS.US,
        new Date(T0 + i * 60_000).toISOString(),
      );
  }
  const each: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < GATE_DECISIONS; i++) {
    const x = inputs[i % 64];
    if (!x) continue;
    const pack = i % 3 === 0 ? DEFAULT_RULE_PACKS.CN : DEFAULT_RULE_PACKS.US;
    const now = new Date(T0 + (i % 1440) * 60_000).toISOString();
    const t = process.hrtime.bigint();
    askGate(x.attempt, x.history, x.facts, pack, now);
    each.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  const perS = GATE_DECISIONS / totalS;
  const p99 = pct(each, 99);
  return [
    {
      id: 'C1-rate',
      name: `contact gate decisions per second (pure decide, 12 records of history, US and CN packs, ${GATE_DECISIONS.toLocaleString('en-US')} decisions over a day of instants)`,
      ours: { label: 'contact-gate.ts decide', value: perS, unit: 'decisions/s' },
      reference: { label: 'floor', value: GATE_FLOOR_PER_S, unit: 'decisions/s' },
      ratio: perS / GATE_FLOOR_PER_S,
      target: 1,
      note: `the floor is a 10,000-case book asked in one second (one question per case; a 60 s poll needs 167/s); p50 ${pct(each, 50).toFixed(4)} ms`,
    },
    {
      id: 'C1-p99',
      name: 'contact gate decision p99 (same run)',
      ours: { label: 'per decision', value: p99, unit: 'ms' },
      reference: { label: 'ceiling', value: GATE_P99_CEILING_MS, unit: 'ms' },
      ratio: GATE_P99_CEILING_MS / p99,
      target: 1,
      absolute: { text: `< ${GATE_P99_CEILING_MS} ms`, met: p99 < GATE_P99_CEILING_MS },
    },
  ];
}

/** n open cases: markets, buckets, days past due and accounts (so variants) spread over the book. */
function book(n: number): CaseState[] {
  const buckets = [
    { bucket: 'DPD_1_29', dpd: 1 },
    { bucket: 'DPD_30_59', dpd: 30 },
    { bucket: 'DPD_60_89', dpd: 60 },
    { bucket: 'DPD_90_119', dpd: 90 },
    { bucket: 'DPD_120_179', dpd: 120 },
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const market = i % 3 === 0 ? 'CN' : 'US';
    const b = buckets[i % buckets.length] ?? buckets[0];
    const open: CaseCommand = {
      kind: 'OpenCase',
      caseId: `col_${i}`,
      accountId: `acc_${i}`,
      account: {
        customerId: `cus_${i}`,
        market,
        timeZone: market === 'CN' ? 'Asia/Shanghai' : 'America/New_York',
      },
      currency: market === 'CN' ? 'CNY' : 'USD',
      openDisputes: [],
      bucket: b.bucket,
      daysPastDue: b.dpd + (i % 20),
      amountPastDue: 2500 + (i % 97) * 100,
      asOf: T0 - (i % 7) * DAY,
      now: T0,
    };
    const assign: CaseCommand = { kind: 'AssignStrategy', strategies: DEFAULT_STRATEGIES, now: T0 };
    return [open, assign].reduce<CaseState | null>((s, c) => fold(decide(c, s), s), null) as CaseState;
  });
}

/**
 * One run over the book, as the runner does it minus the store: the treatment
 * due, and for each due case the ApplyTreatment decision (the gate asked
 * inside), the new state and the timer's next instant. Returns µs per account.
 */
function runOnce(cases: CaseState[], now: number): { usPerAccount: number; due: number } {
  let due = 0;
  const t = process.hrtime.bigint();
  for (const s of cases) {
    if (!treatmentDue(s, DEFAULT_STRATEGIES, now)) {
      nextTreatmentAt(s, DEFAULT_STRATEGIES);
      continue;
    }
    due++;
    const cmd: CaseCommand = {
      kind: 'ApplyTreatment',
      attemptId: `att_${s.caseId}`,
      strategies: DEFAULT_STRATEGIES,
      history: [],
      packs: DEFAULT_RULE_PACKS,
      actor: { id: 'strategy-runner', role: 'system' },
      now,
    };
    nextTreatmentAt(fold(decide(cmd, s), s) as CaseState, DEFAULT_STRATEGIES);
  }
  return { usPerAccount: Number(process.hrtime.bigint() - t) / 1e3 / cases.length, due };
}

function planRows(): BenchRow[] {
  const runs = (n: number) => {
    const cases = book(n);
    const passes = Array.from({ length: 7 }, (_, k) => runOnce(cases, T0 + k * DAY));
    return {
      n,
      usPerAccount: pct(
        passes.map((p) => p.usPerAccount),
        50,
      ),
      due: passes[0]?.due ?? 0,
    };
  };
  // Warm the JIT on a separate book first, so the 1k figure is not its warm-up.
  for (let i = 0; i < 5; i++) runOnce(book(1_000), T0 + i * DAY);
  const small = runs(1_000);
  const large = runs(10_000);
  const growth = large.usPerAccount / small.usPerAccount;
  const row = (r: typeof small): BenchRow => ({
    id: `C2-plan-${r.n / 1000}k`,
    name: `strategy run over ${r.n.toLocaleString('en-US')} delinquent accounts, pure (treatment due; for each due case the gate's decision, the new state and the next instant; median of 7 daily passes)`,
    ours: { label: `${r.due} due on the first pass`, value: r.usPerAccount, unit: 'µs/account' },
    reference: { label: 'whole pass', value: (r.usPerAccount * r.n) / 1000, unit: 'ms' },
    ratio: 1000 / r.usPerAccount,
    target: 1,
    note: 'ratio: accounts run per ms (target ≥ 1 account/ms: a 10,000-case book in under 10 s of CPU, well inside one 60 s poll)',
  });
  return [
    row(small),
    row(large),
    {
      id: 'C2-growth',
      name: 'strategy run: cost per account at 10k over cost at 1k',
      ours: { label: '10k µs/account', value: large.usPerAccount, unit: 'µs' },
      reference: { label: '1k µs/account', value: small.usPerAccount, unit: 'µs' },
      ratio: small.usPerAccount / large.usPerAccount,
      target: Number((1 / GROWTH_CEILING).toFixed(2)),
      note: `growth ${growth.toFixed(2)}× (linear is 1.00×; the target fails above ${GROWTH_CEILING}×)`,
    },
  ];
}

export async function runCollectionsBench(): Promise<BenchRow[]> {
  return [...gateRows(), ...planRows()];
}

if (require.main === module)
  runCollectionsBench().then(
    // The load average is recorded: on a shared machine a busy neighbour moves the p99 most.
    (rows) => writeReport('collections', rows, { loadavg1m: os.loadavg()[0] }),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
