import type { Lang } from './format';

/**
 * Training mode (docs/adr/0033-console-training-mode.md): the sandbox's
 * runner API as the console reads it. The console plays no part in scoring:
 * the runner scores from what the sandbox's services recorded.
 */
export interface Text {
  en: string;
  zh: string;
}

export interface ScenarioSummary {
  id: string;
  title: Text;
  briefing: Text;
  role: string;
}

export interface StepResult {
  id: string;
  rule: string;
  label: Text;
  met: boolean;
  reason?: 'not-done' | 'out-of-order' | 'forbidden-done';
  at?: number;
}

export interface Score {
  score: number;
  met: number;
  total: number;
  steps: StepResult[];
  missed: string[];
  resolvedInMs: number | null;
}

export interface RunView {
  runId: string;
  scenarioId: string;
  trainee: string;
  status: 'SEEDING' | 'READY' | 'SCORED' | 'FAILED';
  customerId?: string;
  accountId?: string;
  simulatedNow: string;
  timeZone: string;
  lines: Text[];
  score?: Score;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

/** The port `npm start` runs the sandbox's gateway on (scripts/start.js, TRAINING_PORT). */
export const TRAINING_PORT = 8190;

/** Where the sandbox's console is, seen from the real console's address. */
export const sandboxConsoleUrl = (loc: { protocol: string; hostname: string }): string =>
  `${loc.protocol}//${loc.hostname}:${TRAINING_PORT}/console`;

/** Whether this console is served by the sandbox's gateway: it answers GET /training/sandbox, the real one 404s. */
export async function detectSandbox(fetcher: typeof fetch = fetch): Promise<string | null> {
  try {
    const r = await fetcher('/training/sandbox', { headers: { accept: 'application/json' } });
    if (!r.ok) return null;
    const body = (await r.json()) as { sandbox?: unknown };
    return typeof body.sandbox === 'string' ? body.sandbox : null;
  } catch {
    return null;
  }
}

export const textIn = (t: Text, lang: Lang): string => (lang === 'zh' ? t.zh : t.en);

/** Minutes and seconds: "4 min 05 s". */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The steps missed, in the scenario's order, for the score card. */
export const missedSteps = (score: Score): StepResult[] => score.steps.filter((s) => !s.met);

/** A subject the local issuer takes (letters, digits, . _ -), from the name a trainee typed. */
export function traineeSubject(name: string, role: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (slug) return `trainee-${slug}`;
  // A name in another script (李明) gets a stable id of its own, so trainees stay apart.
  return name.trim() ? `trainee-${fnv1a(name.trim())}` : `${role}-console`;
}

/** 32-bit FNV-1a of the UTF-16 code units, in hex. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
