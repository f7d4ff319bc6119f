import path from 'node:path';
import { execFileSync } from 'node:child_process';

// The dependency rules of `npm run lint` (scripts/lint/boundaries.mjs), on
// files planted at paths in the tree that do not exist on disk.
const root = path.resolve(__dirname, '..');

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

async function problems(filePath: string, code: string): Promise<string[]> {
  const out = execFileSync(process.execPath, ['-e', LINT], {
    cwd: root,
    input: JSON.stringify([{ filePath, code }]),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as string[][])[0] ?? [];
}

it('fails a domain file that imports adapters, application code or an I/O library', async () => {
  const found = await problems(
    'services/cards/src/domain/planted.ts',
    [
      "import { CardsRepository } from '../adapters/mongo/cards-repository';",
      "import type { CardPorts } from '../application/ports';",
      "import mongoose from 'mongoose';",
      "import { Kafka } from 'kafkajs';",
      "import { readFileSync } from 'node:fs';",
      "import { createLogger } from '@cardline/platform';",
      'export const planted: unknown[] = [CardsRepository, mongoose, Kafka, readFileSync, createLogger];',
      'export type Planted = CardPorts;',
      '',
    ].join('\n'),
  );
  expect(found).toEqual([
    "cardline/boundaries: domain code must not import adapters ('../adapters/mongo/cards-repository')",
    "cardline/boundaries: domain code must not import application code ('../application/ports')",
    "cardline/boundaries: domain code must not import an I/O library ('mongoose')",
    "cardline/boundaries: domain code must not import an I/O library ('kafkajs')",
    "cardline/boundaries: domain code must not import an I/O library ('node:fs')",
    "cardline/boundaries: domain code must not import an I/O library ('@cardline/platform')",
  ]);
});

it('fails a service file that imports another service, by path or by package name', async () => {
  const found = await problems(
    'services/cards/src/application/planted.ts',
    [
      "import { decide } from '../../../ledger/src/domain/account';",
      "import { createLedger } from '@cardline/ledger';",
      'export const planted: unknown[] = [decide, createLedger];',
      '',
    ].join('\n'),
  );
  expect(found).toEqual([
    "cardline/boundaries: services/cards must not import services/ledger ('../../../ledger/src/domain/account'): services share only events and HTTP APIs",
    "cardline/boundaries: services/cards must not import services/ledger ('@cardline/ledger'): services share only events and HTTP APIs",
  ]);
});

it('passes domain code on domain files, contracts and pure libraries, and tests that start other services', async () => {
  const domain = await problems(
    'services/cards/src/domain/planted.ts',
    [
      "import { DateTime } from 'luxon';",
      "import type { CardsCardIssuedV1 } from '@cardline/schemas';",
      "import { DomainError } from './card';",
      'export const planted: unknown[] = [DateTime, DomainError];',
      'export type Planted = CardsCardIssuedV1;',
      '',
    ].join('\n'),
  );
  expect(domain).toEqual([]);
  const adapter = await problems(
    'services/cards/src/adapters/http/planted.ts',
    [
      "import { Router } from 'express';",
      "import { route } from '@cardline/platform';",
      "import { DomainError } from '../../domain/card';",
      'export const planted: unknown[] = [Router, route, DomainError];',
      '',
    ].join('\n'),
  );
  expect(adapter).toEqual([]);
  const test = await problems(
    'services/cards/test/planted.ts',
    [
      "import { startTestLedger } from '../../ledger/test/support';",
      'export const planted = startTestLedger;',
      '',
    ].join('\n'),
  );
  expect(test).toEqual([]);
});
