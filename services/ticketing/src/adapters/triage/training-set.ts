/**
 * The triage set the repository ships (services/ticketing/triage-data/,
 * docs/adr/0022-ticketing-triage.md): training reads the train split only,
 * the bench the test split only.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isIntent, LANGUAGES, type Intent, type Language } from '../../domain/triage/intents';

export interface LabelledMessage {
  id: string;
  lang: Language;
  intent: Intent;
  split: 'train' | 'test';
  text: string;
}

/** From dist/adapters/triage or src/adapters/triage alike: three levels up is the service. */
export const TRIAGE_DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'triage-data');

export function readTriageSet(dir = TRIAGE_DATA_DIR): LabelledMessage[] {
  return LANGUAGES.flatMap((lang) =>
    fs
      .readFileSync(path.join(dir, `${lang}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const m = JSON.parse(l) as LabelledMessage;
        if (!isIntent(m.intent) || m.lang !== lang || (m.split !== 'train' && m.split !== 'test'))
          throw new Error(`triage set ${lang}: bad row ${m.id}`);
        return m;
      }),
  );
}

export const trainSplit = (set: LabelledMessage[]) => set.filter((m) => m.split === 'train');
export const testSplit = (set: LabelledMessage[]) => set.filter((m) => m.split === 'test');

/** The model's version: a hash of what it learned from, so a stale trained file is never loaded. */
export function versionOf(train: LabelledMessage[]): string {
  const h = createHash('sha256');
  for (const m of train) h.update(`${m.lang}\t${m.intent}\t${m.text}\n`);
  return `triage-${h.digest('hex').slice(0, 12)}`;
}
