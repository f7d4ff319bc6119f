import { createLogger } from '@cardline/platform';
import { startTestLedger } from '../../services/ledger/test/support';
import { startTestCards } from '../../services/cards/test/support';
import { startTestDisputes } from '../../services/disputes/test/support';
import { startTestTicketing, ticketingEnv } from '../../services/ticketing/test/support';
import { startTestCollections } from '../../services/collections/test/support';
import { startTestSales } from '../../services/sales/test/service-support';
import { createGateway, loadGatewayConfig, type Gateway } from '../../services/gateway/src/gateway';
import { stopAfterFile } from './teardown';

/**
 * The six services in this process on the real servers, each with its own
 * databases and consumer groups: ticketing on the system clock, the others on
 * their simulated ones (the test supports' defaults). `gateway` starts a
 * gateway in front of them, `over` replacing any of its settings (an upstream
 * URL, the rate limit). Everything is stopped after the file
 * (test/support/teardown.ts); `stop` stops it sooner.
 */
export async function startStack() {
  const [ledger, cards, disputes, ticketing, collections, sales] = await Promise.all([
    startTestLedger(),
    startTestCards(),
    startTestDisputes(),
    startTestTicketing(ticketingEnv()),
    startTestCollections(),
    startTestSales(),
  ]);
  const gateways: Gateway[] = [];
  return {
    ledger,
    cards,
    disputes,
    ticketing,
    collections,
    sales,
    async gateway(over: Record<string, string> = {}): Promise<Gateway> {
      const g = stopAfterFile(
        createGateway(
          loadGatewayConfig({
            PORT: '0',
            LEDGER_URL: ledger.url,
            CARDS_URL: cards.url,
            DISPUTES_URL: disputes.url,
            TICKETING_URL: ticketing.url,
            COLLECTIONS_URL: collections.url,
            SALES_URL: sales.url,
            LOG_LEVEL: 'silent',
            ...over,
          }),
          createLogger('gateway', 'silent'),
        ),
        'gateway',
      );
      gateways.push(g);
      await g.start();
      return g;
    },
    async stop(): Promise<void> {
      await Promise.all(gateways.map((g) => g.stop()));
      await Promise.all([
        sales.stop(),
        collections.stop(),
        ticketing.stop(),
        disputes.stop(),
        cards.stop(),
        ledger.stop(),
      ]);
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
