/**
 * Triage of every inbound message (docs/adr/0022-ticketing-triage.md): the
 * message is recorded first, as received, by the case service; then the
 * model reads it, the facts it names are pulled out, a suggestion is chosen,
 * and the case records all of it (routing a lost card, fraud or a collector
 * complaint at once). A failure here leaves the message where it is.
 */
import type { Actor, EventContext, Logger } from '@cardline/platform';
import type { AccountFacts } from '../domain/answers';
import type { CaseState, Interaction } from '../domain/case';
import type { ReviewOutcome } from '../domain/triage/classify';
import { extractEntities } from '../domain/triage/entities';
import type { TriagePolicy } from '../domain/triage/policy';
import { suggest } from '../domain/triage/suggestions';
import type { CaseService, MessageInput } from './case-service';
import type { IntentModel } from './ports';

/** The account facts triage quotes (ticketing's read model). */
export interface AccountFactsReader {
  accountIdsOf(customerId: string): Promise<string[]>;
  facts(accountId: string): Promise<AccountFacts | null>;
}

export class TriageService {
  constructor(
    private readonly cases: CaseService,
    /** null: no model was built; messages are recorded and triaged by agents as before. */
    private readonly model: IntentModel | null,
    private readonly facts: AccountFactsReader,
    private readonly policy: TriagePolicy,
    private readonly logger: Logger,
  ) {}

  /** An inbound message: recorded (case service), then triaged. */
  async receive(
    m: MessageInput,
    actor: Actor,
    ctx: EventContext,
  ): Promise<{ state: CaseState; threaded: boolean; interactionId: string }> {
    const r = await this.cases.receive(m, actor, ctx);
    const message = inboundOf(r.state, m.externalId);
    if (!message || !this.model) return r;
    try {
      return { ...r, state: await this.triage(this.model, r.state, message, ctx) };
    } catch (err) {
      // The message is in the case as received: an agent triages it as before.
      this.logger.warn({ err, caseId: r.state.caseId }, 'triage failed; the message stays untriaged');
      return r;
    }
  }

  private async triage(
    model: IntentModel,
    s: CaseState,
    message: Interaction,
    ctx: EventContext,
  ): Promise<CaseState> {
    if (s.triage.some((t) => t.interactionId === message.interactionId)) return s;
    const classification = await model.classify(message.body);
    const entities = extractEntities(message.body);
    const facts = await this.accountFacts(s);
    const suggestion = suggest(classification.intent, { text: message.body, entities, facts }, this.policy);
    return this.cases.recordClassification(
      s.caseId,
      {
        interactionId: message.interactionId,
        classification,
        entities,
        suggestion,
        modelVersion: model.version,
        policy: this.policy,
      },
      ctx,
    );
  }

  private async accountFacts(s: CaseState): Promise<AccountFacts | null> {
    const [first] = s.accountId ? [s.accountId] : await this.facts.accountIdsOf(s.customerId);
    return first ? this.facts.facts(first) : null;
  }

  review(
    caseId: string,
    r: { interactionId: string; outcome: ReviewOutcome; reason: string | null },
    actor: Actor,
    ctx: EventContext,
  ): Promise<CaseState> {
    return this.cases.reviewSuggestion(caseId, { ...r, actor }, ctx);
  }
}

/** The message just received (by its channel id, else the newest inbound). */
function inboundOf(s: CaseState, externalId: string | null): Interaction | undefined {
  const inbound = s.interactions.filter((i) => i.kind === 'INBOUND');
  return externalId ? inbound.find((i) => i.externalId === externalId) : inbound[inbound.length - 1];
}
