import fs from 'node:fs';
import path from 'node:path';
import { MESSAGES, translate, type MessageKey } from '../src/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every literal key the views pass to t(…), and the prefixes of the template ones (`answers.q.${…}`). */
function keysUsed(): { literal: Set<string>; prefixes: Set<string> } {
  const dir = path.join(__dirname, '..', 'src');
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('i18n.ts'));
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of src.matchAll(/\bt\('([\w.]+)'/g)) literal.add(m[1] as string);
    for (const m of src.matchAll(/\bt\(`([\w.]+)\$\{/g)) prefixes.add(m[1] as string);
  }
  return { literal, prefixes };
}

describe('the console’s English and Chinese', () => {
  const en = Object.keys(MESSAGES.en).sort();
  const zh = Object.keys(MESSAGES.zh).sort();

  it('has every key in both languages', () => {
    expect(zh).toEqual(en);
  });

  it('has no empty message, and the same placeholders in both', () => {
    for (const key of en as MessageKey[]) {
      expect(MESSAGES.en[key].trim()).not.toBe('');
      expect(MESSAGES.zh[key].trim()).not.toBe('');
      expect(placeholders(MESSAGES.zh[key])).toEqual(placeholders(MESSAGES.en[key]));
    }
  });

  it('has every key the views use, and some of each template family', () => {
    const { literal, prefixes } = keysUsed();
    expect(literal.size).toBeGreaterThan(50);
    for (const key of literal) expect(en).toContain(key);
    for (const prefix of prefixes) expect(en.some((k) => k.startsWith(prefix))).toBe(true);
  });

  it('fills in placeholders and leaves an unknown one visible', () => {
    expect(translate('en', 'cards.reportFraud', { n: 2 })).toBe('Mark 2 unrecognised');
    expect(translate('zh', 'cards.reportFraud', { n: 2 })).toBe('标记 2 笔不认可');
    expect(translate('en', 'cases.left')).toBe('{left} left');
  });
});
