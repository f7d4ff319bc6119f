import { simulatedBureauReport, type BureauReport } from '../../domain/credit-bureau';
import type { Market } from '../../domain/policy';
import type { CreditBureau } from '../../application/ports';

/** Existing debts are drawn up to this much a month, in the market's minor units. */
const MAX_MONTHLY_DEBT: Record<Market, number> = { US: 300_000, CN: 2_000_000 };

/** The bureau adapter over the deterministic simulation (domain/credit-bureau.ts). */
export class SimulatedBureau implements CreditBureau {
  report(applicantKey: string, market: Market): Promise<BureauReport> {
    return Promise.resolve(simulatedBureauReport(applicantKey, MAX_MONTHLY_DEBT[market]));
  }
}
