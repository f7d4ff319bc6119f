// Prometheus for `npm start`: a config scraping every service on its local
// port, with the rules of infra/prometheus/rules, and the server started as a
// local process (Debian's prometheus package; infra/local/install.sh fetches
// it into the cache when it is not on PATH). See docs/architecture.md, "Observability".
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { waitReady } = require('./processes');

const root = path.resolve(__dirname, '..', '..');
const cache = () => process.env.CARDLINE_CACHE ?? path.join(process.env.HOME ?? '/tmp', '.cache', 'cardline');
const RULES = path.join(root, 'infra', 'prometheus', 'rules');

/** promtool or prometheus: on PATH, else unpacked from the Debian package in the cache. */
function binary(name) {
  try {
    return execFileSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    const cached = path.join(cache(), 'prometheus-deb', 'root', 'usr', 'bin', name);
    return fs.existsSync(cached) ? cached : null;
  }
}

/** One scrape job per process of `npm start` (scripts/lib/services.js `processes`), named after it. */
function localConfig(procs, rulesDir = RULES) {
  return {
    global: { scrape_interval: '15s', evaluation_interval: '30s' },
    rule_files: [path.join(rulesDir, '*.yml')],
    scrape_configs: procs.map((p) => ({
      job_name: p.name,
      metrics_path: '/metrics',
      static_configs: [{ targets: [`127.0.0.1:${p.port}`] }],
    })),
  };
}

/** Starts Prometheus on PROMETHEUS_PORT (19090) scraping `procs`; data and config under runDir. */
async function startPrometheus({ procs, runDir, logDir }) {
  const bin = binary('prometheus');
  if (!bin) throw new Error('prometheus not found: run `bash infra/local/install.sh prometheus`');
  const port = Number(process.env.PROMETHEUS_PORT ?? 19090);
  const dir = path.join(runDir, 'prometheus');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, YAML.stringify(localConfig(procs)));
  const out = fs.openSync(path.join(logDir, 'prometheus.log'), 'a');
  const child = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      '--storage.tsdb.retention.time=2d',
      // Keeps the trace ids the latency histograms carry (OpenMetrics scrapes) for Grafana's Zipkin links.
      '--enable-feature=exemplar-storage',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', out, out] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`, 30000, child);
  return { url, child };
}

/** How many scrape targets answered their last scrape, after waiting up to ms for a first one. */
async function targetsUp(url, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const body = await (await fetch(`${url}/api/v1/targets?state=active`)).json();
    const targets = body.data.activeTargets;
    const up = targets.filter((t) => t.health === 'up').length;
    // No targets yet means the first service discovery has not run, not that none are down.
    if ((targets.length > 0 && up === targets.length) || Date.now() > end)
      return { up, total: targets.length };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

module.exports = { binary, localConfig, startPrometheus, targetsUp, RULES };
