import path from 'node:path';

/*
 * Dependency rules between the parts of the code base, checked by `npm run lint`:
 * - a service's `domain/` is pure decisions: it imports other domain files, the
 *   event contracts (@cardline/schemas) and pure libraries, never its adapters,
 *   its application layer or anything that does I/O, so the deciders stay
 *   testable as given/when/then without servers;
 * - a service never imports another service: they share only events and HTTP
 *   APIs (and the platform kit), so each can be deployed and changed alone.
 * Tests are exempt: they may start other services to exercise them together.
 */

/** Packages that reach outside the process (databases, brokers, HTTP, files, logs, metrics, traces). */
const IO_PACKAGES = [
  'mongoose',
  'mongodb',
  'kafkajs',
  '@kafkajs/*',
  'express',
  'undici',
  'supertest',
  'pino',
  'pino-http',
  'prom-client',
  'rate-limiter-flexible',
  '@opentelemetry/*',
  // The platform kit wraps all of the above.
  '@cardline/platform',
];
const IO_BUILTINS = [
  'fs',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
];
/** Packages every service may import; any other @cardline/<name> is a service. */
const SHARED = ['@cardline/platform', '@cardline/schemas'];

/** The package an import names: `@scope/name` or `name`, without a subpath or `node:`. */
function packageOf(spec) {
  const bare = spec.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isIo(spec) {
  const pkg = packageOf(spec);
  if (IO_BUILTINS.includes(pkg)) return true;
  return IO_PACKAGES.some((p) => (p.endsWith('/*') ? pkg.startsWith(p.slice(0, -1)) : pkg === p));
}

/** Where a file lies: its service and the path inside the service's src/, or null outside services/*\/src. */
function placeOf(file) {
  const m = /^services\/([^/]+)\/src\/(.*)$/.exec(file);
  return m ? { service: m[1], inSrc: m[2] } : null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'domain code stays pure and services do not import each other' },
    schema: [],
    messages: {
      domainImport: "domain code must not import {{what}} ('{{spec}}')",
      otherService:
        "services/{{service}} must not import services/{{other}} ('{{spec}}'): services share only events and HTTP APIs",
      outsideService: "services/{{service}}/src must not reach outside its service ('{{spec}}')",
    },
  },
  create(context) {
    const file = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const here = placeOf(file);
    if (!here) return {};
    const inDomain = here.inSrc.startsWith('domain/');

    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const report = (messageId, data) => context.report({ node, messageId, data: { spec, ...data } });
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const there = placeOf(target);
        const otherService = /^services\/([^/]+)(\/|$)/.exec(target)?.[1];
        if (otherService !== here.service) {
          if (otherService) return report('otherService', { service: here.service, other: otherService });
          return report('outsideService', { service: here.service });
        }
        if (inDomain && !there?.inSrc.startsWith('domain/')) {
          const layer = there?.inSrc.split('/')[0];
          const what =
            layer === 'adapters'
              ? 'adapters'
              : layer === 'application'
                ? 'application code'
                : 'code outside domain/';
          return report('domainImport', { what });
        }
        return;
      }
      const pkg = packageOf(spec);
      if (pkg.startsWith('@cardline/') && !SHARED.includes(pkg) && pkg !== `@cardline/${here.service}`)
        return report('otherService', { service: here.service, other: pkg.slice('@cardline/'.length) });
      if (inDomain && isIo(spec)) report('domainImport', { what: 'an I/O library' });
    };

    const fromSource = (node) => check(node.source ?? node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression.value),
      CallExpression: (node) =>
        node.callee.type === 'Identifier' &&
        node.callee.name === 'require' &&
        node.arguments[0]?.type === 'Literal' &&
        check(node, node.arguments[0].value),
    };
  },
};

export default { rules: { boundaries: rule } };
