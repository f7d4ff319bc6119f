import path from 'node:path';
import { execFileSync } from 'node:child_process';

// The dependency rules of `npm run lint` (scripts/lint/boundaries.mjs), on
// files planted at paths in the tree that do not exist on disk.

const PLANTED = {
  domainWithIo: {
    filePath: 'services/cards/src/domain/planted.ts',
    code: [
      "import { CardsRepository } from '../adapters/mongo/cards-repository';",
      "import type { CardPorts } from '../application/ports';",
      "import mongoose from 'mongoose';",
      "import { Kafka } from 'kafkajs';",
      "import { readFileSync } from 'node:fs';",
      "import { createLogger } from '@cardline/platform';",
      'export const planted: unknown[] = [CardsRepository, mongoose, Kafka, readFileSync, createLogger];',
      'export type Planted = CardPorts;',
    ],
  },
  serviceImportingAnother: {
    filePath: 'services/cards/src/application/planted.ts',
    code: [
      "import { decide } from '../../../ledger/src/domain/account';",
      "import { createLedger } from '@cardline/ledger';",
      'export const planted: unknown[] = [decide, createLedger];',
    ],
  },
  pureDomain: {
    filePath: 'services/cards/src/domain/planted.ts',
    code: [
      "import { DateTime } from 'luxon';",
      "import type { CardsCardIssuedV1 } from '@cardline/schemas';",
      "import { DomainError } from './card';",
      'export const planted: unknown[] = [DateTime, DomainError];',
      'export type Planted = CardsCardIssuedV1;',
    ],
  },
  adapter: {
    filePath: 'services/cards/src/adapters/http/planted.ts',
    code: [
      "import { Router } from 'express';",
      "import { route } from '@cardline/platform';",
      "import { DomainError } from '../../domain/card';",
      'export const planted: unknown[] = [Router, route, DomainError];',
    ],
  },
  testStartingAnotherService: {
    filePath: 'services/cards/test/planted.ts',
    code: [
      "import { startTestLedger } from '../../ledger/test/support';",
      'export const planted = startTestLedger;',
    ],
  },
};

// ESLint's Node API in a process of its own: it loads the flat config with a
// dynamic import, which jest's module sandbox does not allow.
const LINT = `
const { ESLint } = require('eslint');
const files = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(files.map(async ({ filePath, code }) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId + ': ' + m.message);
})).then((found) => process.stdout.write(JSON.stringify(found)));
`;

let found: Record<keyof typeof PLANTED, string[]>;

beforeAll(() => {
  const files = Object.values(PLANTED).map((f) => ({ filePath: f.filePath, code: `${f.code.join('\n')}\n` }));
  const out = execFileSync(process.execPath, ['-e', LINT], {
    cwd: path.resolve(__dirname, '..'),
    input: JSON.stringify(files),
    encoding: 'utf8',
  });
  const messages = JSON.parse(out) as string[][];
  found = Object.fromEntries(Object.keys(PLANTED).map((k, i) => [k, messages[i]])) as typeof found;
}, 60000);

it('fails a domain file that imports adapters, application code or an I/O library', () => {
  expect(found.domainWithIo).toEqual([
    "cardline/boundaries: domain code must not import adapters ('../adapters/mongo/cards-repository')",
    "cardline/boundaries: domain code must not import application code ('../application/ports')",
    "cardline/boundaries: domain code must not import an I/O library ('mongoose')",
    "cardline/boundaries: domain code must not import an I/O library ('kafkajs')",
    "cardline/boundaries: domain code must not import an I/O library ('node:fs')",
    "cardline/boundaries: domain code must not import an I/O library ('@cardline/platform')",
  ]);
});

it('fails a service file that imports another service, by path or by package name', () => {
  expect(found.serviceImportingAnother).toEqual([
    "cardline/boundaries: services/cards must not import services/ledger ('../../../ledger/src/domain/account'): services share only events and HTTP APIs",
    "cardline/boundaries: services/cards must not import services/ledger ('@cardline/ledger'): services share only events and HTTP APIs",
  ]);
});

it('passes domain code on domain files, contracts and pure libraries, adapters on I/O, and tests that start other services', () => {
  expect(found.pureDomain).toEqual([]);
  expect(found.adapter).toEqual([]);
  expect(found.testStartingAnotherService).toEqual([]);
});
