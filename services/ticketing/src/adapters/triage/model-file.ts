/**
 * The trained model on disk (docs/adr/0022-ticketing-triage.md): `npm run
 * train:triage -w @cardline/ticketing` trains it at build time into
 * dist/triage-model.json (the service image's build stage runs it); the
 * service loads it at start when it was trained on the triage set it ships,
 * and trains it there itself otherwise (a checkout built without the step),
 * saying how long that took.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NlpIntentModel, type TrainedModel } from './nlp-model';
import { readTriageSet, trainSplit, TRIAGE_DATA_DIR, versionOf } from './training-set';

/** From dist/adapters/triage (or src/): the service's dist/. */
export const MODEL_FILE = path.resolve(__dirname, '..', '..', '..', 'dist', 'triage-model.json');

export async function trainToFile(file = MODEL_FILE): Promise<{ version: string; trainMs: number }> {
  const start = Date.now();
  const model = await NlpIntentModel.train(trainSplit(readTriageSet()));
  const trainMs = Date.now() - start;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(model.toJSON()));
  return { version: model.version, trainMs };
}

export interface LoadedModel {
  /** null: neither a trained file nor the triage set to train on (an image built without the step). */
  model: NlpIntentModel | null;
  /** Where it came from and how long it took. */
  how: 'loaded' | 'trained' | 'none';
  ms: number;
}

/**
 * The trained file when it learned from the triage set shipped beside it (or
 * when no set is shipped, as in a service image); else trained here.
 */
export async function loadOrTrain(file = MODEL_FILE): Promise<LoadedModel> {
  const start = Date.now();
  const train = fs.existsSync(TRIAGE_DATA_DIR) ? trainSplit(readTriageSet()) : null;
  if (fs.existsSync(file)) {
    const trained = JSON.parse(fs.readFileSync(file, 'utf8')) as TrainedModel;
    if (!train || trained.version === versionOf(train)) {
      const model = NlpIntentModel.load(trained);
      await model.classify('warm up 预热');
      return { model, how: 'loaded', ms: Date.now() - start };
    }
  }
  if (!train) return { model: null, how: 'none', ms: Date.now() - start };
  const model = await NlpIntentModel.train(train);
  return { model, how: 'trained', ms: Date.now() - start };
}
