/** Opening an account: the product's terms, the market's policy and the billing cycle day. */
import { DomainError } from '@cardline/platform/domain';
import type { AccountEvent, AccountState, OpenAccount } from './account';

export function openAccount(cmd: OpenAccount, state: AccountState | null): AccountEvent[] {
  if (state) throw new DomainError('ALREADY_EXISTS', `account ${cmd.accountId} already exists`);
  return [
    {
      type: 'ledger.account.opened.v1',
      payload: {
        accountId: cmd.accountId,
        customerId: cmd.customerId,
        productCode: cmd.productCode,
        market: cmd.market,
        currency: cmd.currency,
        creditLimit: cmd.creditLimit,
        aprBps: cmd.aprBps,
        billingCycleDay: cmd.billingCycleDay,
        timeZone: cmd.timeZone,
        openedAt: cmd.now,
        applicationId: cmd.applicationId ?? null,
      },
    },
  ];
}
