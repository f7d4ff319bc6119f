/**
 * Answers to the common questions (balance, minimum due, due date, APR,
 * fees), pure: from ticketing's read model of the customer's account (built
 * from ledger events) and the published product terms. The agent reads the
 * sentence out; the figures come with it for the desktop to show.
 */
export type Market = 'US' | 'CN';

/** The published terms sheet per market and product (minor units; the ledger charges the same figures). */
export interface ProductTerms {
  annualFee: number;
  lateFee: { first: number; repeat: number; percentOfUnpaidBps: number };
  foreignTransactionFeeBps: number;
  cashAdvanceFeeBps: number;
  gracePeriodDays: number;
  minimumDueRule: string;
}

const US_LATE = { first: 3000, repeat: 4100, percentOfUnpaidBps: 0 };
const CN_LATE = { first: 0, repeat: 0, percentOfUnpaidBps: 500 };

export const PRODUCT_TERMS: Record<Market, Record<string, ProductTerms>> = {
  US: {
    CLASSIC: {
      annualFee: 0,
      lateFee: US_LATE,
      foreignTransactionFeeBps: 300,
      cashAdvanceFeeBps: 500,
      gracePeriodDays: 25,
      minimumDueRule: 'the greater of $25.00 or 1% of the balance plus interest and fees',
    },
    GOLD: {
      annualFee: 9500,
      lateFee: US_LATE,
      foreignTransactionFeeBps: 0,
      cashAdvanceFeeBps: 500,
      gracePeriodDays: 25,
      minimumDueRule: 'the greater of $25.00 or 1% of the balance plus interest and fees',
    },
  },
  CN: {
    CLASSIC: {
      annualFee: 0,
      lateFee: CN_LATE,
      foreignTransactionFeeBps: 150,
      cashAdvanceFeeBps: 100,
      gracePeriodDays: 20,
      minimumDueRule: 'the greater of ¥50.00 or 10% of the balance',
    },
    GOLD: {
      annualFee: 30000,
      lateFee: CN_LATE,
      foreignTransactionFeeBps: 0,
      cashAdvanceFeeBps: 100,
      gracePeriodDays: 20,
      minimumDueRule: 'the greater of ¥50.00 or 10% of the balance',
    },
  },
};

export function termsFor(market: string, productCode: string): ProductTerms | null {
  return PRODUCT_TERMS[market as Market]?.[productCode] ?? null;
}

/** What ticketing's read model knows about one account. */
export interface AccountFacts {
  accountId: string;
  customerId: string;
  productCode: string;
  market: string;
  currency: string;
  creditLimit: number;
  aprBps: number;
  balance: number;
  availableCredit: number;
  lastStatement: {
    statementId: string;
    periodEnd: number;
    closingBalance: number;
    minimumDue: number;
    dueDate: number;
  } | null;
  /** Payments posted after the last statement closed. */
  paidSinceStatement: number;
  asOf: number;
}

export type Question = 'BALANCE' | 'MINIMUM_DUE' | 'DUE_DATE' | 'APR' | 'FEES';
export const QUESTIONS: Question[] = ['BALANCE', 'MINIMUM_DUE', 'DUE_DATE', 'APR', 'FEES'];

export interface Answer {
  question: Question;
  text: string;
  figures: Record<string, number | string | null>;
}

export function money(amount: number, currency: string): string {
  const symbol: Record<string, string> = { USD: '$', CNY: '¥' };
  const sign = amount < 0 ? '-' : '';
  return `${sign}${symbol[currency] ?? `${currency} `}${(Math.abs(amount) / 100).toFixed(2)}`;
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;

export function answer(q: Question, a: AccountFacts): Answer {
  const m = (n: number) => money(n, a.currency);
  const st = a.lastStatement;
  switch (q) {
    case 'BALANCE':
      return {
        question: q,
        text: `The current balance is ${m(a.balance)}, with ${m(a.availableCredit)} of the ${m(a.creditLimit)} credit limit available.`,
        figures: {
          balance: a.balance,
          availableCredit: a.availableCredit,
          creditLimit: a.creditLimit,
          currency: a.currency,
        },
      };
    case 'MINIMUM_DUE': {
      if (!st)
        return {
          question: q,
          text: 'No statement has closed yet, so nothing is due.',
          figures: { minimumDue: 0 },
        };
      const remaining = Math.max(0, st.minimumDue - a.paidSinceStatement);
      const text =
        remaining === 0
          ? `The minimum payment of ${m(st.minimumDue)} on the last statement has been paid.`
          : `The minimum payment is ${m(st.minimumDue)}; ${m(remaining)} of it is still to pay by ${date(st.dueDate)}.`;
      return {
        question: q,
        text,
        figures: { minimumDue: st.minimumDue, remaining, dueDate: st.dueDate, currency: a.currency },
      };
    }
    case 'DUE_DATE':
      if (!st)
        return {
          question: q,
          text: 'No statement has closed yet, so there is no due date.',
          figures: { dueDate: null },
        };
      return {
        question: q,
        text: `The payment on the statement of ${date(st.periodEnd)} is due on ${date(st.dueDate)}; the statement balance is ${m(st.closingBalance)}.`,
        figures: { dueDate: st.dueDate, statementBalance: st.closingBalance, currency: a.currency },
      };
    case 'APR':
      return {
        question: q,
        text: `The purchase APR is ${pct(a.aprBps)}. Interest is not charged on purchases when the statement balance is paid in full by the due date.`,
        figures: { aprBps: a.aprBps },
      };
    case 'FEES': {
      const t = termsFor(a.market, a.productCode);
      if (!t)
        return {
          question: q,
          text: `No published terms for product ${a.productCode} in ${a.market}.`,
          figures: {},
        };
      const late =
        t.lateFee.percentOfUnpaidBps > 0
          ? `${pct(t.lateFee.percentOfUnpaidBps)} of the unpaid minimum`
          : `${m(t.lateFee.first)}, or ${m(t.lateFee.repeat)} if another payment was late in the previous six cycles, never more than the minimum due`;
      return {
        question: q,
        text: `Annual fee ${m(t.annualFee)}. Late fee ${late}. Foreign transaction fee ${pct(t.foreignTransactionFeeBps)}. Cash advance fee ${pct(t.cashAdvanceFeeBps)}. Minimum payment: ${t.minimumDueRule}; payment is due ${t.gracePeriodDays} days after the statement closes.`,
        figures: {
          annualFee: t.annualFee,
          lateFeeFirst: t.lateFee.first,
          lateFeeRepeat: t.lateFee.repeat,
          lateFeePercentOfUnpaidBps: t.lateFee.percentOfUnpaidBps,
          foreignTransactionFeeBps: t.foreignTransactionFeeBps,
          cashAdvanceFeeBps: t.cashAdvanceFeeBps,
          currency: a.currency,
        },
      };
    }
  }
}
