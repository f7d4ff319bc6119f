/*
 * The floor for B5: the least a Node.js hop can do (a plain http server that
 * forwards with the same pooled undici client as the gateway, and nothing
 * else: no auth, limits, logs or metrics). Run as its own process:
 *   node bench/dist/bare-proxy.js <port> <upstream base url>
 * A path /<service>/v1/… goes to <upstream>/v1/….
 */
import http from 'node:http';
import { createRequire } from 'node:module';

// The gateway's own undici (the hoisted one at the root is a newer major for newer Node).
const fromGateway = createRequire(require.resolve('@cardline/gateway/package.json'));
const { Agent, request } = fromGateway('undici') as typeof import('undici');

const [port, upstream] = process.argv.slice(2);
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

http
  .createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/[^/]+/, '');
    request(`${upstream}${path}`, {
      method: req.method as 'GET',
      headers: { authorization: req.headers.authorization ?? '' },
      dispatcher: agent,
    })
      .then(async (up) => {
        const body = Buffer.from(await up.body.arrayBuffer());
        res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? '') });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
