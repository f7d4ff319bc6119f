import { services } from '@cardline/schemas';
import { loadGatewayConfig } from '../src/gateway';

describe('the gateway’s upstreams', () => {
  it('are every declared service, each at its npm start port unless its setting says otherwise', () => {
    expect(loadGatewayConfig({}).upstreams).toEqual([
      { name: 'ledger', prefix: '/ledger', url: 'http://127.0.0.1:8101' },
      { name: 'cards', prefix: '/cards', url: 'http://127.0.0.1:8102' },
      { name: 'disputes', prefix: '/disputes', url: 'http://127.0.0.1:8103' },
      { name: 'ticketing', prefix: '/ticketing', url: 'http://127.0.0.1:8104' },
    ]);
    expect(loadGatewayConfig({}).upstreams.map((u) => u.name)).toEqual(services.map((s) => s.name));
  });

  it('read LEDGER_URL, CARDS_URL, DISPUTES_URL and TICKETING_URL', () => {
    const config = loadGatewayConfig({
      LEDGER_URL: 'http://ledger:8080',
      CARDS_URL: 'http://cards:8080',
      DISPUTES_URL: 'http://disputes:8080',
      TICKETING_URL: 'http://ticketing:8080',
    });
    expect(config.upstreams.map((u) => [u.prefix, u.url])).toEqual([
      ['/ledger', 'http://ledger:8080'],
      ['/cards', 'http://cards:8080'],
      ['/disputes', 'http://disputes:8080'],
      ['/ticketing', 'http://ticketing:8080'],
    ]);
  });

  it('refuse a URL that is none, listed with every other bad setting', () => {
    expect(() => loadGatewayConfig({ CARDS_URL: 'cards', BODY_LIMIT: 'lots' })).toThrow(
      /^invalid configuration: BODY_LIMIT: .*; CARDS_URL: /,
    );
  });
});
