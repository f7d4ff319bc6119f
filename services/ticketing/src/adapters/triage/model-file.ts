/**
 * The trained model on disk (docs/adr/0022-ticketing-triage.md): `npm run
 * train:triage -w @cardline/ticketing` trains it at build time into
 * dist/triage-model.json; the service loads it at start when it was trained
 * on the triage set it ships, and trains it there itself otherwise (a
 * checkout built without the step), saying how long that took.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NlpIntentModel, type TrainedModel } from './nlp-model';
import { readTriageSet, trainSplit, versionOf } from './training-set';

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
  model: NlpIntentModel;
  /** Where it came from and how long it took. */
  how: 'loaded' | 'trained';
  ms: number;
}

export async function loadOrTrain(file = MODEL_FILE): Promise<LoadedModel> {
  const start = Date.now();
  const train = trainSplit(readTriageSet());
  const version = versionOf(train);
  if (fs.existsSync(file)) {
    const trained = JSON.parse(fs.readFileSync(file, 'utf8')) as TrainedModel;
    if (trained.version === version) {
      const model = NlpIntentModel.load(trained);
      await model.classify('warm up 预热');
      return { model, how: 'loaded', ms: Date.now() - start };
    }
  }
  const model = await NlpIntentModel.train(train);
  return { model, how: 'trained', ms: Date.now() - start };
}
