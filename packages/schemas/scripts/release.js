#!/usr/bin/env node
// Cuts a schema release: copies avro/ to released/v<version>/. The unit test
// test/compatibility.unit.test.ts then checks every later schema against every
// release (BACKWARD_TRANSITIVE), so a release is a promise to the data team.
//
//   npm run release -w @cardline/schemas -- 0.2.0
const fs = require('node:fs');
const path = require('node:path');
const {
  AVRO_DIR,
  RELEASED_DIR,
  listSchemaFiles,
  loadEventTypes,
  releasedVersions,
} = require('./lib/contracts');

function release(version) {
  if (!/^\d+\.\d+\.\d+$/.test(version ?? ''))
    throw new Error('usage: release.js <major.minor.patch>, e.g. 0.2.0');
  const dir = path.join(RELEASED_DIR, `v${version}`);
  if (fs.existsSync(dir)) throw new Error(`released/v${version} exists; a release is never rewritten`);
  const parse = (v) => v.replace(/^v/, '').split('.').map(Number);
  const latest = releasedVersions().at(-1);
  if (latest) {
    const [a, b] = [parse(version), parse(latest)];
    if ((a[0] - b[0] || a[1] - b[1] || a[2] - b[2]) <= 0)
      throw new Error(`${version} is not after ${latest}`);
  }
  loadEventTypes(); // refuse to release files that break the naming rules
  for (const rel of listSchemaFiles(AVRO_DIR)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(AVRO_DIR, rel), path.join(dir, rel));
  }
  // The AsyncAPI document carries the release version.
  require('./generate').generate();
  return dir;
}

module.exports = { release };

if (require.main === module) {
  try {
    const dir = release(process.argv[2]);
    console.log(
      `snapshot written to ${path.relative(process.cwd(), dir)}; commit it with the schema changes`,
    );
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
