/** What a phrase list flags (issue 20 item 5; docs/domain.md#collections). */
export type LanguageCategory = 'THREAT' | 'INSULT' | 'DECEPTION';

export type PhraseList = Readonly<Record<LanguageCategory, readonly string[]>>;
