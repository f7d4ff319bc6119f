import type { mongo } from 'mongoose';
import { insertOnce } from '@cardline/platform';
import type { LedgerAccountOpenedV1 } from '@cardline/schemas';
import type { Accounts, LedgerAccount } from '../../application/ports';

interface AccountDoc {
  _id: string;
  customerId: string;
  market: LedgerAccount['market'];
  timeZone: string;
  currency: string;
  openedAt?: number;
}

/** The ledger's accounts as collections needs them; written once per account (redelivery changes nothing). */
export class AccountsView implements Accounts {
  constructor(private readonly accounts: mongo.Collection<AccountDoc>) {}

  onOpened(p: LedgerAccountOpenedV1): Promise<void> {
    return insertOnce<AccountDoc>(this.accounts, {
      _id: p.accountId,
      customerId: p.customerId,
      market: p.market,
      timeZone: p.timeZone,
      currency: p.currency,
      openedAt: p.openedAt,
    });
  }

  async account(accountId: string): Promise<LedgerAccount | null> {
    const d = await this.accounts.findOne({ _id: accountId });
    return (
      d && {
        accountId: d._id,
        customerId: d.customerId,
        market: d.market,
        timeZone: d.timeZone,
        currency: d.currency,
        openedAt: d.openedAt ?? null,
      }
    );
  }
}
