/**
 * English phrases no collection message or note may hold. Data only: the
 * check normalises case, width, spacing, repeated letters, digits for letters
 * and common endings (jailed, idiots), so each phrase is listed once.
 */
import type { PhraseList } from './category';

export const EN_PHRASES: PhraseList = {
  THREAT: [
    'we will arrest you',
    'arrest you',
    'jail',
    'prison',
    'we know where you live',
    'hurt you',
    'kill you',
    'you will regret',
    'you must pay or your family will know',
    'your family will know',
    'tell your family',
    'tell your employer',
    'tell your neighbours',
    'tell your neighbors',
    'ruin your life',
    'deport you',
  ],
  INSULT: [
    'idiot',
    'stupid',
    'moron',
    'loser',
    'deadbeat',
    'worthless',
    'scum',
    'liar',
    'shame on you',
    'pathetic',
  ],
  DECEPTION: [
    'fake court',
    'arrest warrant',
    'criminal charges',
    'criminal record',
    'we are the police',
    'law enforcement officer',
    'government agency',
    'court officer',
    'credit ruined forever',
  ],
};
