import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '../scripts/generate';
import { PACKAGE_DIR } from '../scripts/lib/contracts';

// The generated files are committed (services import them, the data team
// reads asyncapi.yaml); they must be what the generator makes from the
// .avsc files, topics.json and services.json right now.
describe('generated files', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-schemas-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('are up to date (run: npm run generate -w @cardline/schemas)', () => {
    const files = generate(out);
    expect(files.sort()).toEqual([
      'asyncapi.yaml',
      'src/generated/catalog.ts',
      'src/generated/services.ts',
      'src/generated/topics.ts',
      'src/generated/types.ts',
    ]);
    for (const rel of files) {
      const committed = path.join(PACKAGE_DIR, rel);
      expect([rel, fs.existsSync(committed)]).toEqual([rel, true]);
      expect([rel, fs.readFileSync(committed, 'utf8')]).toEqual([
        rel,
        fs.readFileSync(path.join(out, rel), 'utf8'),
      ]);
    }
  });

  it('are deterministic', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-schemas-'));
    try {
      for (const rel of generate(again))
        expect(fs.readFileSync(path.join(again, rel), 'utf8')).toBe(
          fs.readFileSync(path.join(out, rel), 'utf8'),
        );
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });
});
