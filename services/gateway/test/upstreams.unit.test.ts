import { services } from '@cardline/schemas';
import { loadGatewayConfig } from '../src/gateway';

describe('the gateway’s upstreams', () => {
  it('are every declared service, each at its npm start port unless its setting says otherwise', () => {
    const { upstreams } = loadGatewayConfig({});
    expect(upstreams).toEqual(
      services.map((s) => ({ name: s.name, prefix: s.gateway.prefix, url: `http://127.0.0.1:${s.port}` })),
    );
    expect(upstreams[0]).toEqual({ name: 'ledger', prefix: '/ledger', url: 'http://127.0.0.1:8101' });
  });

  it('read LEDGER_URL, CARDS_URL, DISPUTES_URL and TICKETING_URL', () => {
    const config = loadGatewayConfig({
      LEDGER_URL: 'http://ledger:8080',
      CARDS_URL: 'http://cards:8080',
      DISPUTES_URL: 'http://disputes:8080',
      TICKETING_URL: 'http://ticketing:8080',
    });
    const url = (name: string) => config.upstreams.find((u) => u.name === name)?.url;
    expect(['ledger', 'cards', 'disputes', 'ticketing'].map(url)).toEqual([
      'http://ledger:8080',
      'http://cards:8080',
      'http://disputes:8080',
      'http://ticketing:8080',
    ]);
  });

  it('refuse a URL that is none, listed with every other bad setting', () => {
    expect(() => loadGatewayConfig({ CARDS_URL: 'cards', BODY_LIMIT: 'lots' })).toThrow(
      /^invalid configuration: BODY_LIMIT: .*; CARDS_URL: /,
    );
  });
});
