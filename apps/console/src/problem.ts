/**
 * What the console shows of an API error: the problem+json's title and
 * detail, and the rule that refused when the service names one (the contact
 * gate's ruleId, sales' failing rules and missing consent elements, a card's
 * current status). Anything that is not problem+json still gets a title, so
 * no error leaves a blank screen (docs/adr/0028-agent-console.md).
 */
export interface ProblemView {
  status: number;
  title: string;
  detail: string | null;
  /** The rule or rules that refused, as the service names them. */
  rules: string[];
  /** When the refused thing may be tried again (the contact gate's nextAllowedAt). */
  nextAllowedAt: string | null;
  /** What the request lacked (sales' missing consent elements, validation errors). */
  missing: string[];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** Reads a problem body (or whatever came instead) into what the error panel shows. */
export function readProblem(status: number, body: unknown, statusText = ''): ProblemView {
  const p = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const title = typeof p.title === 'string' ? p.title : statusText || `HTTP ${status}`;
  const detail = typeof p.detail === 'string' ? p.detail : typeof body === 'string' && body ? body : null;
  const rules = [
    ...strings(p.ruleId),
    ...strings(p.ruleIds),
    ...strings(p.rule),
    ...strings(p.failing),
    ...(typeof p.code === 'string' && p.code !== title ? [p.code] : []),
    ...(typeof p.currentStatus === 'string' ? [`currentStatus ${p.currentStatus}`] : []),
  ];
  const errors = Array.isArray(p.errors)
    ? p.errors.map((e) => {
        const o = (e ?? {}) as { path?: unknown; message?: unknown };
        const where = Array.isArray(o.path) ? o.path.join('.') : '';
        return [where, typeof o.message === 'string' ? o.message : ''].filter(Boolean).join(': ');
      })
    : [];
  return {
    status,
    title,
    detail,
    rules: [...new Set(rules)],
    nextAllowedAt: typeof p.nextAllowedAt === 'string' ? p.nextAllowedAt : null,
    missing: [...strings(p.missing), ...errors.filter(Boolean)],
  };
}

/** A failure with no HTTP answer (the gateway unreachable): still a problem to show. */
export const networkProblem = (message: string): ProblemView => ({
  status: 0,
  title: 'The gateway did not answer',
  detail: message,
  rules: [],
  nextAllowedAt: null,
  missing: [],
});
