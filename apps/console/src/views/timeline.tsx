import { fill } from '../api';
import { gatewayPath } from '../actions';
import { chains, type TimelineEntry } from '../timeline';
import { useConsole, useLoad, When } from './context';
import { Panel } from './problem-box';

/** The customer-360 timeline, each call's correlated chain together: what it caused, in which service. */
export function TimelinePanel(p: { customerId: string; refresh: number }) {
  const c = useConsole();
  const page = useLoad(
    () =>
      c.api.get<{ items: TimelineEntry[]; next: string | null }>(
        `${fill(gatewayPath('timeline.read'), { customerId: p.customerId })}?limit=200`,
      ),
    [p.customerId, p.refresh],
  );
  const list = page.data ? chains(page.data.items) : [];
  return (
    <Panel id="timeline" title={c.t('timeline.title')} loading={page.loading} problem={page.problem}>
      {list.length === 0 && !page.loading && <p>{c.t('timeline.none')}</p>}
      <ol>
        {list.map((ch) => (
          <li key={ch.correlationId} data-testid="chain" data-correlation={ch.correlationId}>
            <strong>
              {c.t('timeline.chain', { n: ch.entries.length })} · {ch.services.join(' → ')}
            </strong>
            <ol class="chain">
              {ch.entries.map((e) => (
                <li key={e.eventId} style={{ marginLeft: `${e.depth}rem` }} data-type={e.type}>
                  <When at={e.at} /> · <code>{e.type}</code> · {e.summary}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
