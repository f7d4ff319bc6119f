#!/usr/bin/env node
// Run by test/images.unit.test.ts inside an image tree (test/support/image-stages.ts),
// with Node's own resolution (jest's would map @cardline/* to the sources):
//   node check-image-tree.js <image dir>
// Prints { files, unresolved, loaded, failed, console } as JSON: every literal
// require() in the tree's own JavaScript resolved from its file, then every
// module the service's main.js requires, and the one-shot scripts the compose
// jobs run, loaded for real (their guards keep them from running); `console`:
// the agent console's files the tree carries (the gateway's only), which run in
// a browser and are left out of the require scan.
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const dir = path.resolve(process.argv[2]);
const consoleWeb = path.join(dir, 'apps', 'console', 'dist', 'web');

function* jsFiles(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.isSymbolicLink()) continue;
    const p = path.join(d, e.name);
    if (p === consoleWeb) continue;
    if (e.isDirectory()) yield* jsFiles(p);
    else if (e.name.endsWith('.js')) yield p;
  }
}

const builtin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
const unresolved = [];
let files = 0;
for (const file of jsFiles(dir)) {
  files++;
  const text = fs.readFileSync(file, 'utf8');
  for (const [, , spec] of text.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) {
    if (builtin(spec)) continue;
    try {
      require.resolve(spec, { paths: [path.dirname(file)] });
    } catch (err) {
      unresolved.push(`${path.relative(dir, file)}: ${spec} (${err.code ?? err.message})`);
    }
  }
}

const main = fs.realpathSync(path.join(dir, 'main.js'));
const entries = [...fs.readFileSync(main, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map(([, spec]) =>
  require.resolve(spec, { paths: [path.dirname(main)] }),
);
entries.push(
  path.join(dir, 'infra', 'topics', 'create-topics.js'),
  path.join(dir, 'packages', 'schemas', 'scripts', 'register.js'),
);
const loaded = [];
const failed = [];
for (const entry of entries) {
  try {
    require(entry);
    loaded.push(path.relative(dir, entry));
  } catch (err) {
    failed.push(`${path.relative(dir, entry)}: ${err.message.split('\n')[0]}`);
  }
}
const consoleFiles = fs.existsSync(consoleWeb) ? fs.readdirSync(consoleWeb).sort() : [];
process.stdout.write(JSON.stringify({ files, unresolved, loaded, failed, console: consoleFiles }));
process.exit(0);
