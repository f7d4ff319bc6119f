/**
 * The intent model: one NLP.js neural classifier per language, trained on
 * the triage set's train split (docs/adr/0022-ticketing-triage.md). It reads
 * the message with its amounts, dates, references and last fours as one
 * word each (withPlaceholders), Chinese as its characters and character
 * pairs (hanGrams), and answers the best intent it knows.
 */
import { containerBootstrap, type Container } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { NluNeural } from '@nlpjs/nlu';
import type { IntentModel } from '../../application/ports';
import { withPlaceholders } from '../../domain/triage/entities';
import {
  isIntent,
  languageOf,
  LANGUAGES,
  type Classification,
  type Language,
} from '../../domain/triage/intents';
import { versionOf, type LabelledMessage } from './training-set';

/** What the trained-model file holds. */
export interface TrainedModel {
  version: string;
  languages: Record<Language, unknown>;
}

/** One per language: two classifiers of one locale in a container share its pipeline and spoil each other. */
function container(): Container {
  const c = containerBootstrap();
  c.use(LangEn);
  return c;
}

/**
 * Chinese as NLP.js's English pipeline reads it: every Han character and
 * every pair of neighbours as an ASCII word (`c<code>`, `b<code>x<code>`),
 * other words as they are. On the test split this scored 0.84 where
 * @nlpjs/lang-zh's dictionary segmentation scored 0.75, and it needs no
 * dictionary compiled at every start (ADR 0022).
 */
export function hanGrams(text: string): string {
  const code = (ch: string) => (ch.codePointAt(0) ?? 0).toString(36);
  const out: string[] = [];
  for (const [run] of text.toLowerCase().matchAll(/[\u3400-\u9fff]+|[a-z0-9]+/g)) {
    if (!/[\u3400-\u9fff]/.test(run)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    chars.forEach((ch, i) => {
      out.push(`c${code(ch)}`);
      const next = chars[i + 1];
      if (next) out.push(`b${code(ch)}x${code(next)}`);
    });
  }
  return out.join(' ');
}

/** What the classifier of a language is given. */
const featuresOf = (language: Language, text: string) =>
  language === 'zh' ? hanGrams(withPlaceholders(text)) : withPlaceholders(text);

export class NlpIntentModel implements IntentModel {
  private constructor(
    readonly version: string,
    private readonly nlus: Record<Language, NluNeural>,
  ) {}

  static async train(train: LabelledMessage[]): Promise<NlpIntentModel> {
    const nlus = {} as Record<Language, NluNeural>;
    for (const lang of LANGUAGES) {
      const nlu = new NluNeural({ locale: 'en', container: container(), log: false });
      await nlu.train(
        train
          .filter((m) => m.lang === lang)
          .map((m) => ({ utterance: featuresOf(lang, m.text), intent: m.intent })),
      );
      nlus[lang] = nlu;
    }
    return new NlpIntentModel(versionOf(train), nlus);
  }

  static load(trained: TrainedModel): NlpIntentModel {
    const nlus = {} as Record<Language, NluNeural>;
    for (const lang of LANGUAGES) {
      const nlu = new NluNeural({ locale: 'en', container: container(), log: false });
      nlu.fromJSON(trained.languages[lang]);
      nlus[lang] = nlu;
    }
    return new NlpIntentModel(trained.version, nlus);
  }

  toJSON(): TrainedModel {
    return {
      version: this.version,
      languages: { en: this.nlus.en.toJSON(), zh: this.nlus.zh.toJSON() },
    };
  }

  async classify(text: string): Promise<Classification> {
    const language = languageOf(text);
    const r = await this.nlus[language].process(featuresOf(language, text));
    // NLP.js answers None when it knows no word of the text: that is our "other".
    const best = r.classifications.find((c) => isIntent(c.intent));
    return best && isIntent(best.intent)
      ? { intent: best.intent, confidence: round(best.score), language }
      : { intent: 'other', confidence: 0, language };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
