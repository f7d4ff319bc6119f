/**
 * What triage suggests the agent answer or do, and where it came from
 * (docs/adr/0022-ticketing-triage.md): account questions are answered from
 * ticketing's answers with their figures; a lost card gets the stolen-card
 * steps (docs/domain.md#cards); a fee complaint the goodwill policy's likely
 * outcome (docs/domain.md#disputes); a charge not recognised the dispute
 * steps; a payment problem collections' promise to pay (docs/domain.md#collections).
 */
import type { TicketingCaseMessageClassifiedV1 } from '@cardline/schemas';
import { answer, money, type AccountFacts, type Question } from '../answers';
import type { Entities } from './entities';
import type { Intent } from './intents';
import type { TriagePolicy } from './policy';

export type SuggestionSource = TicketingCaseMessageClassifiedV1['suggestionSource'];

export interface Suggestion {
  source: Exclude<SuggestionSource, 'NONE'>;
  /** Where the text comes from, for the agent to check: a rule in docs/ or the answer's question. */
  basis: string;
  text: string;
  figures: Record<string, number | string | null>;
}

// Words that say which account question it is; balance when none does.
const QUESTION_WORDS: [Question, RegExp][] = [
  ['MINIMUM_DUE', /minimum|min due|最低/i],
  ['DUE_DATE', /due date|when is .*due|due this month|到期|还款日|哪天还|最晚/i],
  ['APR', /\bapr\b|interest rate|利率|利息/i],
  ['FEES', /\bfees?\b|年费|手续费/i],
];

/** Which of the answers' questions a balance question asks. */
export function questionOf(text: string): Question {
  return QUESTION_WORDS.find(([, re]) => re.test(text))?.[0] ?? 'BALANCE';
}

export interface SuggestionContext {
  text: string;
  entities: Entities;
  /** Ticketing's read model of the case's account, if it has one. */
  facts: AccountFacts | null;
}

export function suggest(intent: Intent, c: SuggestionContext, p: TriagePolicy): Suggestion | null {
  switch (intent) {
    case 'balance_question': {
      if (!c.facts) return null;
      const q = questionOf(c.text);
      const a = answer(q, c.facts);
      return {
        source: 'ANSWERS',
        basis: `answers: ${q} of ${c.facts.accountId}`,
        text: a.text,
        figures: a.figures,
      };
    }
    case 'lost_stolen_card':
      return {
        source: 'STOLEN_CARD_STEPS',
        basis: 'docs/domain.md#cards (lost or stolen, step by step)',
        text: [
          `Block the card${lastFourText(c.entities)} first: report it lost or stolen, which takes effect at once.`,
          'Then ask where the replacement goes (the address on file or a new one) and how fast (standard or express).',
          'Then go through the card’s transactions since the last use the customer vouches for and flag the ones they did not make: each becomes a fraud dispute.',
        ].join(' '),
        figures: { lastFour: c.entities.lastFour[0] ?? null },
      };
    case 'unrecognised_charge': {
      const a = c.entities.amounts[0];
      const what = [c.entities.merchants[0], a && money(a.amount, a.currency)].filter(Boolean).join(' ');
      return {
        source: 'DISPUTE_STEPS',
        basis: 'docs/domain.md#disputes (kinds)',
        text: `Ask whether the card${lastFourText(c.entities)} is still with the customer: if not, block it as lost or stolen first. Otherwise open a dispute on the charge${what ? ` (${what})` : ''}: unauthorised use, or a billing error for a wrong amount, a duplicate or a cancelled subscription.`,
        figures: {
          merchant: c.entities.merchants[0] ?? null,
          amount: a?.amount ?? null,
          currency: a?.currency ?? null,
        },
      };
    }
    case 'fee_complaint': {
      const g = p.goodwill;
      return {
        source: 'GOODWILL_POLICY',
        basis: 'docs/domain.md#disputes (late-fee goodwill)',
        text: `Likely outcome by the goodwill policy: a late fee is waived at once when it is the first in ${g.lookbackMonths} months; a second within the ${g.lookbackMonths} months is declined (an analyst or supervisor may override). Another fee is waived unless a fee was already waived in the ${g.lookbackMonths} months. Open a fee request in disputes for the fee.`,
        figures: { lookbackMonths: g.lookbackMonths, maxWaivers: g.maxWaivers },
      };
    }
    case 'payment_arrangement':
      return {
        source: 'PAYMENT_ARRANGEMENT_STEPS',
        basis: 'docs/domain.md#collections (promises to pay, plans)',
        text: 'Offer a promise to pay through collections (an amount by a date); hardship help (a lower rate, fees waived, payments paused) is collections’ to agree.',
        figures: {},
      };
    default:
      return null;
  }
}

const lastFourText = (e: Entities) => (e.lastFour[0] ? ` ending ${e.lastFour[0]}` : '');
