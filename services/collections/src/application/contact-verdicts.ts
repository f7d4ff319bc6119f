import type { Actor } from '@cardline/platform';
import type { CaseState } from '../domain/case';
import type { Channel } from '../domain/contact';
import { decideContact, type AttemptRequest } from '../domain/contacts';
import type { ContactRulePack, Market } from '../domain/policy';
import type { ContactLog } from './ports';

/** What the gate would answer now for one channel: allowed with every rule that applied, or the rule that refuses. */
export interface ContactVerdict {
  channel: Channel;
  allowed: boolean;
  ruleIds: string[];
  reason: string | null;
  /** When the same attempt is next allowed (refused only; null when no lapse of time will allow it). */
  nextAllowedAt: number | null;
}

/** The attempt asked about, without its channel: every channel is asked the same way. */
export type VerdictQuestion = Omit<AttemptRequest, 'channel'>;

/**
 * "May we contact now, on which channel?" without contacting: the same
 * decider the attempt goes through (decideContact, so the same history,
 * pending attempts and packs), whose event is read and dropped instead of
 * saved. Nothing is recorded, in the case or the decision log; the route's
 * audit record is the trace of the question (docs/adr/0016-contact-gate.md,
 * docs/adr/0024-audit-trail.md). A closed case refuses as the attempt would.
 */
export async function contactVerdicts(
  s: CaseState,
  q: { question: VerdictQuestion; channels: readonly Channel[]; actor: Actor; now: number; since: Date },
  log: Pick<ContactLog, 'historyOf'>,
  packs: Readonly<Record<Market, ContactRulePack>>,
): Promise<ContactVerdict[]> {
  const history = await log.historyOf(s, q.since);
  return q.channels.map((channel) => {
    const [decided] = decideContact(
      {
        kind: 'DecideContact',
        attemptId: 'verdict',
        attempt: { ...q.question, channel },
        contactRef: null,
        history,
        packs,
        actor: q.actor,
        now: q.now,
      },
      s,
    );
    if (decided?.type !== 'collections.case.contact-decided.v1')
      throw new Error(`the gate gave no decision for ${channel}`);
    const p = decided.payload;
    return {
      channel,
      allowed: p.allowed,
      ruleIds: p.ruleIds,
      reason: p.reason,
      nextAllowedAt: p.nextAllowedAt,
    };
  });
}
