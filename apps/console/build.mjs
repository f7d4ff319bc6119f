// `npm run build -w apps/console`: one bundle, minified, with its page and styles, into dist/web
// (served by the gateway at /console, docs/adr/0028-agent-console.md). No CDN: everything is in dist/web.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// An other directory as the argument: a test building its own copy leaves dist/web to the others.
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dist', 'web');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
await copyFile(path.join(here, 'public', 'index.html'), path.join(out, 'index.html'));
await copyFile(path.join(here, 'public', 'console.css'), path.join(out, 'console.css'));
