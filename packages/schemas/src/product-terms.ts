/**
 * The published product terms: the fee and minimum-payment figures per
 * market and card product, as the customer's terms sheet states them. One
 * source for every service: the ledger charges these figures and ticketing
 * quotes them (docs/domain.md#inquiries-ticketing). Hand-written contract
 * data, like the .avsc files; amounts are minor units of the market's
 * currency, rates basis points.
 */
export type TermsMarket = 'US' | 'CN';

export interface LateFeeTerms {
  /** The first late fee… */
  first: number;
  /** …another within `repeatWindowCycles` billing cycles of the previous one. */
  repeat: number;
  repeatWindowCycles: number;
  /** Instead of fixed amounts: a share of the unpaid minimum (0: fixed amounts). */
  percentOfUnpaidBps: number;
  /** Never more than the minimum payment that was missed (US Reg Z 1026.52(b)). */
  capAtMinimumDue: boolean;
}

export interface MinimumPaymentTerms {
  /** The greater of this floor… */
  floor: number;
  /** …and this share of the balance… */
  percentBps: number;
  /** …with the cycle's interest and fees added (US practice). */
  plusInterestAndFees: boolean;
}

/** Terms every product of a market shares. */
export interface MarketTerms {
  currency: string;
  lateFee: LateFeeTerms;
  minimumPayment: MinimumPaymentTerms;
  /** Payment is due this many days after the statement closes. */
  paymentDueDays: number;
}

/** Terms that differ by product. */
export interface ProductFees {
  annualFee: number;
  foreignTransactionFeeBps: number;
  cashAdvanceFeeBps: number;
}

export type ProductTerms = MarketTerms & ProductFees & { market: TermsMarket; productCode: string };

export const PRODUCT_TERMS: Record<TermsMarket, MarketTerms & { products: Record<string, ProductFees> }> = {
  US: {
    currency: 'USD',
    lateFee: {
      first: 3000,
      repeat: 4100,
      repeatWindowCycles: 6,
      percentOfUnpaidBps: 0,
      capAtMinimumDue: true,
    },
    minimumPayment: { floor: 2500, percentBps: 100, plusInterestAndFees: true },
    paymentDueDays: 25,
    products: {
      CLASSIC: { annualFee: 0, foreignTransactionFeeBps: 300, cashAdvanceFeeBps: 500 },
      GOLD: { annualFee: 9500, foreignTransactionFeeBps: 0, cashAdvanceFeeBps: 500 },
    },
  },
  CN: {
    currency: 'CNY',
    // China's overdue penalty: a share of the unpaid minimum, no fixed fee.
    lateFee: { first: 0, repeat: 0, repeatWindowCycles: 0, percentOfUnpaidBps: 500, capAtMinimumDue: true },
    minimumPayment: { floor: 5000, percentBps: 1000, plusInterestAndFees: false },
    paymentDueDays: 20,
    products: {
      CLASSIC: { annualFee: 0, foreignTransactionFeeBps: 150, cashAdvanceFeeBps: 100 },
      GOLD: { annualFee: 30000, foreignTransactionFeeBps: 0, cashAdvanceFeeBps: 100 },
    },
  },
};

/** The terms of one product in one market, or null when none are published. */
export function productTerms(market: string, productCode: string): ProductTerms | null {
  const m = PRODUCT_TERMS[market as TermsMarket];
  const fees = m?.products[productCode];
  if (!m || !fees) return null;
  const { products: _products, ...shared } = m;
  return { ...shared, ...fees, market: market as TermsMarket, productCode };
}
