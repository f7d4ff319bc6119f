import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { scrubText } from '@cardline/platform';
import { hanGrams, NlpIntentModel } from '../src/adapters/triage/nlp-model';
import {
  readTriageSet,
  testSplit,
  trainSplit,
  TRIAGE_DATA_DIR,
  versionOf,
} from '../src/adapters/triage/training-set';
import { INTENTS, LANGUAGES } from '../src/domain/triage/intents';

// The labelled set the repository ships and the model trained on it (docs/adr/0022-ticketing-triage.md).
const set = readTriageSet();
let model: NlpIntentModel;
beforeAll(async () => {
  model = await NlpIntentModel.train(trainSplit(set));
}, 60_000);

describe('the triage set', () => {
  it('holds at least 300 messages per language, every intent in both splits', () => {
    for (const lang of LANGUAGES) {
      const of = set.filter((m) => m.lang === lang);
      expect(of.length).toBeGreaterThanOrEqual(300);
      for (const intent of INTENTS)
        for (const split of ['train', 'test'])
          expect(of.some((m) => m.intent === intent && m.split === split)).toBe(true);
    }
  });

  it('never trains on a test message, nor on a test message’s template', () => {
    const template = (m: { lang: string; intent: string; id: string }) =>
      m.id.split('-').slice(0, -1).join('-');
    const testTemplates = new Set(testSplit(set).map(template));
    expect(trainSplit(set).filter((m) => testTemplates.has(template(m)))).toEqual([]);
    // Each language's classifier learns from its own messages: within one, every message is distinct.
    for (const lang of LANGUAGES) {
      const texts = set.filter((m) => m.lang === lang).map((m) => m.text);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it('is what generate.js writes (the same on every run)', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(TRIAGE_DATA_DIR, 'generate.js'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});

describe('the intent model', () => {
  it('reads the Chinese WeChat stolen-card report as it arrives after intake redaction', async () => {
    const text = scrubText('你好，我的信用卡在地铁上被偷了，尾号4821，请马上冻结！卡号是4111 1111 1111 1111');
    expect(await model.classify(text)).toMatchObject({ intent: 'lost_stolen_card', language: 'zh' });
  });

  it('loads from its file form to the same answers, under the version of what it learned', async () => {
    const loaded = NlpIntentModel.load(JSON.parse(JSON.stringify(model.toJSON())));
    expect(loaded.version).toBe(versionOf(trainSplit(set)));
    for (const m of testSplit(set).slice(0, 40))
      expect(await loaded.classify(m.text)).toEqual(await model.classify(m.text));
  });

  it('reads Chinese as characters and neighbouring pairs, other words as they are', () => {
    expect(hanGrams('卡丢了 card 4821')).toBe(
      [
        'c' + (0x5361).toString(36),
        `b${(0x5361).toString(36)}x${(0x4e22).toString(36)}`,
        'c' + (0x4e22).toString(36),
        `b${(0x4e22).toString(36)}x${(0x4e86).toString(36)}`,
        'c' + (0x4e86).toString(36),
        'card',
        '4821',
      ].join(' '),
    );
  });
});
