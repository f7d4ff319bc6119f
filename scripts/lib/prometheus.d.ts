import type { ChildProcess } from 'node:child_process';
import type { StartProcess } from './services';

export const RULES: string;
export function binary(name: 'promtool' | 'prometheus'): string | null;
export function localConfig(
  procs: Pick<StartProcess, 'name' | 'port'>[],
  rulesDir?: string,
): {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
};
export function startPrometheus(o: {
  procs: Pick<StartProcess, 'name' | 'port'>[];
  runDir: string;
  logDir: string;
}): Promise<{ url: string; child: ChildProcess }>;
export function targetsUp(url: string, ms?: number): Promise<{ up: number; total: number }>;
