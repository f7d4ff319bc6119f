import type { ServiceRuntime } from '@cardline/platform';
import type { CaseService } from '../application/case-service';
import type { ContactService } from '../application/contact-service';
import { DeliveryAdapter } from './adapter';
import type { DeliveryState } from './delivery';
import { deliveryAdapterHandlers, deliveryReportHandlers } from './handlers';

/**
 * The delivery parts of collections' runtime (docs/adr/0025-simulated-delivery-adapter.md):
 * the simulated adapter and dialer with their own collection and consumer
 * group (left out with `DELIVERY_ADAPTER=off`), and the group that records
 * reports on collections' own attempts, which always runs.
 */
export function wireDelivery(
  rt: ServiceRuntime,
  cases: CaseService,
  contacts: ContactService,
  adapterOn: boolean,
): void {
  if (adapterOn) {
    const { store } = rt.aggregate<DeliveryState>('deliveries', [
      { key: { caseId: 1, reportedAt: 1 }, name: 'by_case' },
    ]);
    const adapter = new DeliveryAdapter(store, rt.clock);
    const owns = async (caseId: string) => (await cases.get(caseId)) !== null;
    rt.consumer(
      'collections.delivery-adapter',
      ['collections.case', 'ticketing.case'],
      deliveryAdapterHandlers(adapter, owns),
    );
  }
  rt.consumer('collections.delivery-reports', ['collections.delivery'], deliveryReportHandlers(contacts));
}
