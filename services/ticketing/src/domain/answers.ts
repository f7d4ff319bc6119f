/**
 * Answers to the common questions (balance, minimum due, due date, APR,
 * fees), pure: from ticketing's read model of the customer's account (built
 * from ledger events) and the published product terms (@cardline/schemas,
 * the figures the ledger charges). The agent reads the sentence out; the
 * figures come with it for the desktop to show.
 */
import { productTerms, type ProductTerms } from '@cardline/schemas';

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
  /** The account's IANA time zone: its dates (the due date ends a local day) are printed there. */
  timeZone: string;
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

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
const localDate = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    ms,
  );
const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;

export function answer(q: Question, a: AccountFacts): Answer {
  const m = (n: number) => money(n, a.currency);
  // Dates print on the account's calendar: the ledger's due date is the end of a local day.
  const date = (ms: number) => localDate(ms, a.timeZone);
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
      const t = productTerms(a.market, a.productCode);
      if (!t)
        return {
          question: q,
          text: `No published terms for product ${a.productCode} in ${a.market}.`,
          figures: {},
        };
      return {
        question: q,
        text: `Annual fee ${m(t.annualFee)}. Late fee ${lateFeeText(t, m)}. Foreign transaction fee ${pct(t.foreignTransactionFeeBps)}. Cash advance fee ${pct(t.cashAdvanceFeeBps)}. Minimum payment: ${minimumPaymentText(t)}; payment is due ${t.paymentDueDays} days after the statement closes.`,
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

/** The late-fee rule in words, from the published figures. */
function lateFeeText(t: ProductTerms, m: (n: number) => string): string {
  const l = t.lateFee;
  const rule =
    l.percentOfUnpaidBps > 0
      ? `${pct(l.percentOfUnpaidBps)} of the unpaid minimum`
      : `${m(l.first)}, or ${m(l.repeat)} if another payment was late in the previous ${l.repeatWindowCycles} cycles`;
  // A share of the unpaid minimum is below the minimum anyway: the cap is worth saying for fixed amounts.
  return l.capAtMinimumDue && l.percentOfUnpaidBps === 0 ? `${rule}, never more than the minimum due` : rule;
}

/** The minimum-payment rule in words, from the published figures. */
function minimumPaymentText(t: ProductTerms): string {
  const p = t.minimumPayment;
  const plus = p.plusInterestAndFees ? ' plus interest and fees' : '';
  return `the greater of ${money(p.floor, t.currency)} or ${p.percentBps / 100}% of the balance${plus}`;
}
