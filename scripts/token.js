#!/usr/bin/env node
// `npm run token -- --role agent [--subject agent-007] [--ttl 3600] [--aud gateway --aud ledger]
// [--channel WECHAT]` (a channel adapter's token names its one channel, docs/adr/0023-least-privilege-operations.md):
// a bearer token signed with the HS256 signing key (the first of AUTH_HS256_KEYS,
// else AUTH_HS256_SECRET, by default the local development key), for curl and
// the demo. Without --aud it is for the platform audience, which only the local
// profile accepts; elsewhere name the gateway and each service it is for
// (docs/adr/0019-token-rules.md). Production tokens come from the identity provider (JWKS).
const path = require('node:path');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '..');

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      subject: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
      aud: { type: 'string', multiple: true },
      channel: { type: 'string' },
    },
  });
  let platform;
  try {
    platform = require(path.join(root, 'packages', 'platform', 'dist'));
  } catch {
    process.stderr.write('build first: npm run build\n');
    process.exit(2);
  }
  const roles = values.role ?? ['agent'];
  const unknown = roles.filter((r) => !platform.ROLES.includes(r));
  if (unknown.length > 0) {
    process.stderr.write(`unknown role ${unknown.join(', ')}; roles are ${platform.ROLES.join(', ')}\n`);
    process.exit(2);
  }
  const { z } = require('zod');
  const config = z.object(platform.authConfigShape).parse(process.env);
  if (config.CARDLINE_PROFILE !== 'local' && !values.aud) {
    process.stderr.write(
      `CARDLINE_PROFILE=${config.CARDLINE_PROFILE}: name the audiences, e.g. --aud gateway --aud ledger\n`,
    );
    process.exit(2);
  }
  const token = await platform.mintToken(config, {
    subject: values.subject ?? `${roles[0]}-local`,
    roles,
    ttlSeconds: Number(values.ttl),
    audience: values.aud,
    channel: values.channel,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
