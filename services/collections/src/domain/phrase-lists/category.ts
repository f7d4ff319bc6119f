/** What a phrase list flags (docs/domain.md#collections). */
export type LanguageCategory = 'THREAT' | 'INSULT' | 'DECEPTION';

export type PhraseList = Readonly<Record<LanguageCategory, readonly string[]>>;
