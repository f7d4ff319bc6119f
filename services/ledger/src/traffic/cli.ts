#!/usr/bin/env node
/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { achievedRate, runTraffic } from './generator';

// Usage: LEDGER_TOKEN=… cardline-traffic --rate 5 [--accounts 20] [--url http://127.0.0.1:8101] [--limit N]
//        [--cards-url http://127.0.0.1:8102]   (token in CARDLINE_TOKEN: activates the demo cards and buys with them)
// LEDGER_TOKEN carries the roles card_processor and admin (opening accounts directly):
//   npm run -s token -- --role card_processor --role admin --subject demo-traffic
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2' },
    accounts: { type: 'string', default: '20' },
    url: { type: 'string', default: process.env.LEDGER_URL ?? 'http://127.0.0.1:8101' },
    limit: { type: 'string' },
    'cards-url': { type: 'string', default: process.env.CARDS_URL },
  },
});
const rate = Number(String(values.rate).replace(/\/s$/, ''));
if (!(rate >= 0)) {
  console.error(
    '--rate must be a number of transactions per second, e.g. --rate 5 or --rate 5/s (0: open the demo accounts, post nothing)',
  );
  process.exit(2);
}
const token = process.env.LEDGER_TOKEN;
if (!token) {
  console.error(
    'LEDGER_TOKEN is needed: npm run -s token -- --role card_processor --role admin --subject demo-traffic',
  );
  process.exit(2);
}
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const counts: Record<string, number> = {};
let answered = 0;
let before = { answered: 0, at: Date.now() };
// Asked beside achieved: the platform's ceiling shows as the gap (docs/adr/0030).
const timer = setInterval(() => {
  const now = Date.now();
  const achieved = achievedRate(answered, before.answered, now - before.at);
  before = { answered, at: now };
  console.log(
    new Date(now).toISOString(),
    `asked ${rate}/s, achieved ${achieved.toFixed(1)}/s over the last 10 s`,
    JSON.stringify(counts),
  );
}, 10000);
runTraffic(
  {
    baseUrl: String(values.url),
    token,
    ratePerSecond: rate,
    accounts: Number(values.accounts),
    limit: values.limit ? Number(values.limit) : undefined,
    cards:
      values['cards-url'] && process.env.CARDLINE_TOKEN
        ? { baseUrl: String(values['cards-url']), token: process.env.CARDLINE_TOKEN }
        : undefined,
    onResult: (r) => {
      const k = `${r.status}${r.outcome ? ` ${r.outcome}` : ''}`;
      counts[k] = (counts[k] ?? 0) + 1;
      // Only accepted postings count as achieved: a refused or failed call is not throughput.
      if (r.status >= 200 && r.status < 300) answered++;
    },
  },
  controller.signal,
)
  .then((n) => {
    clearInterval(timer);
    console.log(`sent ${n}`, JSON.stringify(counts));
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
