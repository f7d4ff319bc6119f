import { serverEnv } from '../../../test/support/env';
import { simulatedBureauReport } from '../src/domain/credit-bureau';
import { decideCredit } from '../src/domain/decision';
import { duplicateKey, nationalIdHash } from '../src/domain/identity';
import { creditPolicyFor } from '../src/domain/policy';
import { loadSalesConfig } from '../src/sales';

// One applicant for the tests on the real servers, and national ids that the
// simulated bureau approves or declines them under (the bureau is
// deterministic per applicant key, docs/adr/0018-sales-applications-service.md).

export const fullName = 'Dana Reyes';
export const dateOfBirth = '1988-04-12';
export const income = { annualIncome: 12_000_000, incomeIsIndependent: true };
const applicant = { dateOfBirth, ...income, hasCoSigner: false };

/** A national id whose report gives `outcome` at `now`, found with the service's own functions and default hash key. */
export function nationalIdFor(outcome: 'APPROVE' | 'DECLINE', from: number, now: number): string {
  const key = loadSalesConfig({ ...serverEnv(), SERVICE_NAME: 'sales' }).SALES_ID_HASH_KEY;
  const policy = creditPolicyFor('US', 'CLASSIC');
  if (!policy) throw new Error('no US CLASSIC policy');
  for (let n = from; n < from + 5000; n++) {
    const id = `${String(n).padStart(3, '0').slice(-3)}-${String(n % 100).padStart(2, '0')}-${String(1000 + n).slice(-4)}`;
    const applicantKey = duplicateKey(fullName, dateOfBirth, nationalIdHash(id, key));
    const decision = decideCredit(applicant, simulatedBureauReport(applicantKey, 300_000), policy, now);
    if (decision.outcome === outcome) return id;
  }
  throw new Error(`no applicant found who is ${outcome}`);
}

/** A US CLASSIC application by the applicant with this national id; its income given. */
export const applicationBody = (nationalId: string) => ({
  market: 'US',
  productCode: 'CLASSIC',
  identity: {
    fullName,
    dateOfBirth,
    address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
    nationalId,
  },
  details: { income },
});
