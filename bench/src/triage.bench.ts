/* eslint-disable no-console */
/*
 * T1: ticketing's triage model on the triage set's test split, per language:
 * per-intent precision and recall, macro-F1 against the 0.85 goal
 * (docs/adr/0022-ticketing-triage.md). Trains on the train split only, as
 * the build does, and times training and loading the trained file. Needs no
 * servers: `node bench/run-one.js triage` runs it alone
 * (bench/results/triage.md); `npm run bench` runs it with the rest.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NlpIntentModel } from '@cardline/ticketing/dist/adapters/triage/nlp-model';
import { readTriageSet, testSplit, trainSplit } from '@cardline/ticketing/dist/adapters/triage/training-set';
import {
  INTENTS,
  LANGUAGES,
  type Intent,
  type Language,
} from '@cardline/ticketing/dist/domain/triage/intents';
import { writeReport, type BenchRow } from './report';

const GOAL = 0.85;

interface IntentScore {
  intent: Intent;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

function scores(pairs: { expected: Intent; got: Intent }[]): IntentScore[] {
  return INTENTS.map((intent) => {
    const tp = pairs.filter((p) => p.expected === intent && p.got === intent).length;
    const predicted = pairs.filter((p) => p.got === intent).length;
    const support = pairs.filter((p) => p.expected === intent).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, support, precision, recall, f1 };
  });
}

/** Loading the trained file in a fresh process, as the service starts (the training process has everything warm). */
function freshLoadMs(model: NlpIntentModel): number {
  const file = path.join(os.tmpdir(), `triage-model-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(model.toJSON()));
  const modulePath = require.resolve('@cardline/ticketing/dist/adapters/triage/nlp-model');
  const script = `const t = Date.now(); const { NlpIntentModel } = require(${JSON.stringify(modulePath)});
    const m = NlpIntentModel.load(JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8')));
    m.classify('warm up 预热').then(() => process.stdout.write(String(Date.now() - t)));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  const ms = Number(r.stdout.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`loading the model failed: ${r.stderr}`);
  return ms;
}

export async function runTriageBench(): Promise<BenchRow[]> {
  const set = readTriageSet();
  const t0 = Date.now();
  const model = await NlpIntentModel.train(trainSplit(set));
  const trainMs = Date.now() - t0;
  const loaded = NlpIntentModel.load(JSON.parse(JSON.stringify(model.toJSON())));
  const loadMs = freshLoadMs(model);

  const rows: BenchRow[] = [];
  const tables: string[] = [];
  for (const lang of LANGUAGES) {
    const test = testSplit(set).filter((m) => m.lang === lang);
    const pairs: { expected: Intent; got: Intent; language: Language }[] = [];
    const start = process.hrtime.bigint();
    for (const m of test) {
      const c = await loaded.classify(m.text);
      pairs.push({ expected: m.intent, got: c.intent, language: c.language });
    }
    const perMessageMs = Number(process.hrtime.bigint() - start) / 1e6 / test.length;
    const per = scores(pairs);
    const macro = per.reduce((s, r) => s + r.f1, 0) / per.length;
    const languageRight = pairs.filter((p) => p.language === lang).length / pairs.length;
    const trained = trainSplit(set).filter((m) => m.lang === lang).length;
    rows.push({
      id: `T1-${lang}`,
      name: `triage intent model, ${lang === 'en' ? 'English' : 'Chinese'}: macro-F1 on the test split (${test.length} messages of templates never trained on)`,
      ours: { label: `NLP.js NluNeural, ${trained} training messages`, value: macro, unit: 'macro-F1' },
      reference: { label: 'goal', value: GOAL, unit: 'macro-F1' },
      ratio: macro / GOAL,
      target: 1,
      absolute: { text: `macro-F1 ≥ ${GOAL}`, met: macro >= GOAL },
      note: `accuracy ${(pairs.filter((p) => p.expected === p.got).length / pairs.length).toFixed(3)}, language detected right ${(languageRight * 100).toFixed(1)} %, ${perMessageMs.toFixed(2)} ms a message; ${per
        .map((r) => `${r.intent} P ${r.precision.toFixed(2)} R ${r.recall.toFixed(2)}`)
        .join(', ')}`,
    });
    tables.push(
      `## ${lang}: macro-F1 ${macro.toFixed(3)} (goal ${GOAL})`,
      '',
      '| intent | test messages | precision | recall | F1 |',
      '| --- | --- | --- | --- | --- |',
      ...per.map(
        (r) =>
          `| ${r.intent} | ${r.support} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} | ${r.f1.toFixed(3)} |`,
      ),
      '',
    );
  }
  rows.push({
    id: 'T1-time',
    name: 'triage model: train both languages (build step) and load the trained file (service start)',
    ours: { label: 'fresh process: load the trained file, first classification', value: loadMs, unit: 'ms' },
    reference: { label: 'train both languages', value: trainMs, unit: 'ms' },
    ratio: trainMs / Math.max(loadMs, 1),
    target: 0,
    absolute: { text: 'load < 2,000 ms', met: loadMs < 2000 },
    note: `training ${trainMs} ms in this process; loading ${loadMs} ms in a fresh one, as the service starts (requiring NLP.js, reading the file, the first classification)`,
  });
  const dir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'triage-intents.md'),
    [
      '# triage: per-intent precision and recall on the test split',
      '',
      `Measured ${new Date().toISOString()} on ${os.cpus().length} cores, Node ${process.version}.`,
      '',
      ...tables,
    ].join('\n'),
  );
  return rows;
}

if (require.main === module)
  runTriageBench().then(
    (rows) => writeReport('triage', rows),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
