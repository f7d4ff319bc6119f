/**
 * The language check on templates, collectors' notes and outgoing texts
 * (docs/domain.md#collections): a hit names its category and the listed
 * phrase. Normalisation defeats the usual disguises: full-width letters, case,
 * spacing or punctuation inside a word ("j a i l", "j.a.i.l"), digits for
 * letters ("1d1ot"), repeated letters ("stuuupid").
 */
import type { LanguageCategory, PhraseList } from './phrase-lists/category';
import { EN_PHRASES } from './phrase-lists/en';
import { ZH_PHRASES } from './phrase-lists/zh';

export type LanguageCheck = { ok: true } | { ok: false; category: LanguageCategory; phrase: string };

interface Matcher {
  category: LanguageCategory;
  phrase: string;
  /** Han phrases match the text's letters run together; others match whole words. */
  han: string | null;
  words: string[];
}

const HAN = /\p{Script=Han}/u;
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const ENDINGS = ['', 's', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'ic'];

export function check(text: string): LanguageCheck {
  const norm = normalise(text);
  const han = norm.replace(/[^\p{L}\p{N}]/gu, '');
  const { words, spelled } = wordsOf(norm);
  for (const m of MATCHERS) {
    const hit =
      m.han !== null
        ? han.includes(m.han)
        : containsWords(words, m.words) || spelled.some((run) => run.includes(m.words.join('')));
    if (hit) return { ok: false, category: m.category, phrase: m.phrase };
  }
  return { ok: true };
}

/** NFKC folds full-width forms; zero-width characters are dropped. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '');
}

/**
 * Latin words with digits read as letters, single letters spelled apart
 * joined into one word, repeats squeezed; the spelled runs also on their own,
 * since a real one-letter word may lead them ("a j a i l").
 */
function wordsOf(norm: string): { words: string[]; spelled: string[] } {
  const tokens = norm
    .replace(/[013457@$]/g, (c) => LEET[c] ?? c)
    .split(/[^\p{L}]+/u)
    .filter((t) => t.length > 0 && !HAN.test(t));
  const words: string[] = [];
  const spelled: string[] = [];
  let run = '';
  const endRun = () => {
    if (run) words.push(run);
    if (run.length > 1) spelled.push(squeeze(run));
    run = '';
  };
  for (const t of tokens) {
    if (t.length === 1) run += t;
    else {
      endRun();
      words.push(t);
    }
  }
  endRun();
  return { words: words.map(squeeze), spelled };
}

const squeeze = (word: string): string => word.replace(/(.)\1+/g, '$1');

function containsWords(words: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++)
    if (phrase.every((p, j) => ENDINGS.some((e) => words[i + j] === p + e))) return true;
  return false;
}

/** Longest phrases first, so "we will arrest you" is reported rather than "arrest you". */
const MATCHERS: readonly Matcher[] = [EN_PHRASES, ZH_PHRASES]
  .flatMap((list: PhraseList) =>
    (Object.keys(list) as LanguageCategory[]).flatMap((category) =>
      list[category].map((phrase) => {
        const norm = normalise(phrase);
        return HAN.test(norm)
          ? { category, phrase, han: norm.replace(/[^\p{L}\p{N}]/gu, ''), words: [] }
          : { category, phrase, han: null, words: norm.split(/\s+/).map(squeeze) };
      }),
    ),
  )
  .sort((a, b) => b.phrase.length - a.phrase.length);
