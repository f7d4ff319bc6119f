/**
 * The intent model: one NLP.js neural classifier per language, trained on
 * the triage set's train split (docs/adr/0022-ticketing-triage.md). It reads
 * the message with its amounts, dates, references and last fours as one
 * word each (withPlaceholders), and answers the best intent it knows.
 */
import { containerBootstrap, type Container } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangZh } from '@nlpjs/lang-zh';
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

function container(): Container {
  const c = containerBootstrap();
  c.use(LangEn);
  c.use(LangZh);
  return c;
}

export class NlpIntentModel implements IntentModel {
  private constructor(
    readonly version: string,
    private readonly nlus: Record<Language, NluNeural>,
  ) {}

  static async train(train: LabelledMessage[]): Promise<NlpIntentModel> {
    const c = container();
    const nlus = {} as Record<Language, NluNeural>;
    for (const lang of LANGUAGES) {
      const nlu = new NluNeural({ locale: lang, container: c, log: false });
      await nlu.train(
        train
          .filter((m) => m.lang === lang)
          .map((m) => ({ utterance: withPlaceholders(m.text), intent: m.intent })),
      );
      nlus[lang] = nlu;
    }
    return new NlpIntentModel(versionOf(train), nlus);
  }

  static load(trained: TrainedModel): NlpIntentModel {
    const c = container();
    const nlus = {} as Record<Language, NluNeural>;
    for (const lang of LANGUAGES) {
      const nlu = new NluNeural({ locale: lang, container: c, log: false });
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
    const r = await this.nlus[language].process(withPlaceholders(text));
    // NLP.js answers None when it knows no word of the text: that is our "other".
    const best = r.classifications.find((c) => isIntent(c.intent));
    return best && isIntent(best.intent)
      ? { intent: best.intent, confidence: round(best.score), language }
      : { intent: 'other', confidence: 0, language };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
