import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { binary, localConfig, RULES } from '../scripts/lib/prometheus';
import { processes } from '../scripts/lib/services';

const root = path.resolve(__dirname, '..');
const promtool = (args: string[]): string => {
  const bin = binary('promtool');
  if (!bin) throw new Error('promtool not found: run `bash infra/local/install.sh prometheus`');
  return execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
};

describe('the Prometheus of npm start', () => {
  const procs = processes();
  const config = localConfig(procs);

  it('scrapes every process npm start runs on its local port', () => {
    expect(config.scrape_configs.map((j) => [j.job_name, j.static_configs[0]?.targets])).toEqual(
      procs.map((p) => [p.name, [`127.0.0.1:${p.port}`]]),
    );
    expect(procs.map((p) => p.name)).toEqual(expect.arrayContaining(['gateway', 'ledger', 'cards']));
  });

  it('loads the rules of infra/prometheus/rules and passes promtool check config', () => {
    expect(config.rule_files).toEqual([path.join(RULES, '*.yml')]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-prom-'));
    try {
      const file = path.join(dir, 'prometheus.yml');
      fs.writeFileSync(file, stringify(config));
      expect(promtool(['check', 'config', file])).toMatch(/SUCCESS: 2 rule files found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Prometheus of docker-compose.yml', () => {
  it('loads the rules directory docker-compose.yml mounts', () => {
    const prom = parse(fs.readFileSync(path.join(root, 'infra/compose/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
    };
    const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
      services: { prometheus: { volumes: string[] } };
    };
    expect(prom.rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
    expect(compose.services.prometheus.volumes).toContain(
      './infra/prometheus/rules:/etc/prometheus/rules:ro',
    );
  });
});
