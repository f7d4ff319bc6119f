#!/usr/bin/env node
/* eslint-disable no-console */
// Build step: trains the triage model on the train split and writes it to dist/ (model-file.ts).
import { MODEL_FILE, trainToFile } from './model-file';

trainToFile().then(
  ({ version, trainMs }) => console.log(`triage model ${version} trained in ${trainMs} ms → ${MODEL_FILE}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
