/**
 * SLA policy and clock arithmetic, pure. A clock runs from when the customer
 * starts waiting until an agent answers (first reply, next reply) or the case
 * is solved (resolution). While the case is pending on the customer every
 * running clock is paused: it keeps the time it had left and resumes from
 * there. Each clock warns once (near breach) and breaches once per cycle.
 */
export type Channel = 'PHONE' | 'CHAT' | 'WECHAT' | 'EMAIL' | 'SMS';
export type Priority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
export type Metric = 'FIRST_REPLY' | 'NEXT_REPLY' | 'RESOLUTION';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Targets {
  firstReplyMs: number;
  nextReplyMs: number;
  resolutionMs: number;
}

export interface SlaPolicy {
  byPriority: Record<Priority, Targets>;
  /** Messaging channels promise faster replies than the priority table: the smaller target wins. */
  replyCapByChannel: Partial<Record<Channel, number>>;
  /** Near breach when this share of the target is left (0.2: warn at 80 % elapsed). */
  nearBreachShare: number;
  /** A solved case may be reopened by the customer's reply for this long, then it closes. */
  reopenWindowMs: number;
}

/** Defaults for a 24/7 service floor; per-market configuration overrides them. */
export const DEFAULT_SLA: SlaPolicy = {
  byPriority: {
    URGENT: { firstReplyMs: 30 * MINUTE, nextReplyMs: 1 * HOUR, resolutionMs: 4 * HOUR },
    HIGH: { firstReplyMs: 1 * HOUR, nextReplyMs: 2 * HOUR, resolutionMs: 1 * DAY },
    NORMAL: { firstReplyMs: 4 * HOUR, nextReplyMs: 8 * HOUR, resolutionMs: 3 * DAY },
    LOW: { firstReplyMs: 1 * DAY, nextReplyMs: 1 * DAY, resolutionMs: 7 * DAY },
  },
  replyCapByChannel: { CHAT: 5 * MINUTE, WECHAT: 30 * MINUTE, SMS: 1 * HOUR },
  nearBreachShare: 0.2,
  reopenWindowMs: 7 * DAY,
};

export function targetFor(p: SlaPolicy, metric: Metric, priority: Priority, channel: Channel): number {
  const t = p.byPriority[priority];
  if (metric === 'RESOLUTION') return t.resolutionMs;
  const base = metric === 'FIRST_REPLY' ? t.firstReplyMs : t.nextReplyMs;
  const cap = p.replyCapByChannel[channel];
  return cap === undefined ? base : Math.min(base, cap);
}

/** A running clock has dueAt; a paused one keeps what it had left. */
export interface SlaClock {
  targetMs: number;
  dueAt: number | null;
  remainingMs: number | null;
  warned: boolean;
  breached: boolean;
}

export function startClock(targetMs: number, now: number): SlaClock {
  return { targetMs, dueAt: now + targetMs, remainingMs: null, warned: false, breached: false };
}

export function pauseClock(c: SlaClock, now: number): SlaClock {
  if (c.dueAt === null) return c;
  return { ...c, dueAt: null, remainingMs: c.dueAt - now };
}

export function resumeClock(c: SlaClock, now: number): SlaClock {
  if (c.remainingMs === null) return c;
  return { ...c, dueAt: now + c.remainingMs, remainingMs: null };
}

/**
 * The clock under another target (a priority change): it keeps the time it
 * has run, so it falls due that much sooner or later. A breach stands; a
 * warning is re-armed when the new target's warning point is still ahead.
 */
export function retarget(c: SlaClock, targetMs: number, p: SlaPolicy, now: number): SlaClock {
  if (c.breached || c.targetMs === targetMs) return c;
  const shift = targetMs - c.targetMs;
  const moved: SlaClock =
    c.dueAt === null
      ? { ...c, targetMs, remainingMs: (c.remainingMs ?? 0) + shift }
      : { ...c, targetMs, dueAt: c.dueAt + shift };
  const warnAhead =
    moved.dueAt === null
      ? (moved.remainingMs ?? 0) > Math.round(targetMs * p.nearBreachShare)
      : now < (warnAt(moved, p) as number);
  return { ...moved, warned: c.warned && !warnAhead };
}

/** Applies `f` to every clock of a case (pause, resume or re-target them all). */
export function mapClocks(
  clocks: Partial<Record<Metric, SlaClock>>,
  f: (c: SlaClock, metric: Metric) => SlaClock,
): Partial<Record<Metric, SlaClock>> {
  const out: Partial<Record<Metric, SlaClock>> = {};
  for (const [m, c] of Object.entries(clocks) as [Metric, SlaClock][]) out[m] = f(c, m);
  return out;
}

export function warnAt(c: SlaClock, p: SlaPolicy): number | null {
  return c.dueAt === null ? null : c.dueAt - Math.round(c.targetMs * p.nearBreachShare);
}

/** What a clock should fire at `now`. A paused clock fires nothing. */
export function firesAt(c: SlaClock, p: SlaPolicy, now: number): { warn: boolean; breach: boolean } {
  if (c.dueAt === null) return { warn: false, breach: false };
  const breach = !c.breached && now >= c.dueAt;
  // A breach that is already due says more than a warning: skip the warning then.
  const warn = !c.warned && !breach && now >= (warnAt(c, p) as number);
  return { warn, breach };
}

/** The next time this clock needs the timer, or null. */
export function nextFiring(c: SlaClock, p: SlaPolicy): number | null {
  if (c.dueAt === null || c.breached) return null;
  return c.warned ? c.dueAt : (warnAt(c, p) as number);
}
