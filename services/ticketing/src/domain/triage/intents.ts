/**
 * What an inbound message is about, in the model's labels and the events'
 * symbols (docs/adr/0022-ticketing-triage.md): the labels are the triage
 * set's (triage-data/), the symbols are the Avro enum's.
 */
import type { TicketingCaseMessageClassifiedV1 } from '@cardline/schemas';

export const INTENTS = [
  'lost_stolen_card',
  'unrecognised_charge',
  'fee_complaint',
  'balance_question',
  'payment_arrangement',
  'application_or_product',
  'collector_complaint',
  'csat_reply',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];
export type IntentSymbol = TicketingCaseMessageClassifiedV1['intent'];
export type Language = 'en' | 'zh';
export const LANGUAGES: Language[] = ['en', 'zh'];

export const isIntent = (s: string): s is Intent => (INTENTS as readonly string[]).includes(s);
export const intentSymbol = (i: Intent): IntentSymbol => i.toUpperCase() as IntentSymbol;

/** What the model said about one message. */
export interface Classification {
  intent: Intent;
  /** The model's score for the intent, 0 to 1. */
  confidence: number;
  language: Language;
}

// Han ideographs and CJK punctuation: a message with a share of them is read as Chinese.
const HAN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/gu;
const LETTER = /[\p{L}]/gu;

/** The language of a message: Chinese when a fifth of its letters are Han (mixed WeChat text is mostly Chinese). */
export function languageOf(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  const letters = text.match(LETTER)?.length ?? 0;
  return han > 0 && han * 5 >= letters ? 'zh' : 'en';
}
