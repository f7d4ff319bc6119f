// The few parts of NLP.js that the triage model uses (the packages ship no types).
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(): Container;
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/nlu' {
  import type { Container } from '@nlpjs/core';
  export class NluNeural {
    constructor(settings: { locale: string; container: Container; log?: boolean });
    train(corpus: { utterance: string; intent: string }[]): Promise<unknown>;
    process(text: string): Promise<{ classifications: { intent: string; score: number }[] }>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}
