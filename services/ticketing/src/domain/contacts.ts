/**
 * Where the customer is reached: addresses as events show them, the channel
 * a reply goes to, and changes of address. A message from another address
 * than the one on file does not move replies there: whoever can send from
 * any address would otherwise redirect the customer's case to themselves.
 * It is recorded as a pending change for an agent to confirm
 * (docs/adr/0023-least-privilege-operations.md).
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import type { Channel } from './sla';

/** Masks an address for events and views: the unmasked one stays in state for delivery. */
export function maskContact(channel: Channel, address: string): string {
  if (channel === 'EMAIL') {
    const [user, domain] = address.split('@');
    return `${(user ?? '').slice(0, 1)}***@${domain ?? ''}`;
  }
  if (channel === 'PHONE' || channel === 'SMS') return `***${address.replace(/\D/g, '').slice(-4)}`;
  return `${address.slice(0, 3)}***`;
}

/**
 * The reference a queued message carries instead of the address: the case's
 * contact point on the channel. Only ticketing resolves it (resolveContactRef),
 * so the shared topic carries no e-mail address, phone number or WeChat id
 * (docs/adr/0029-kafka-principals-acls.md).
 */
export function contactRef(caseId: string, channel: Channel): string {
  return `${caseId}:${channel}`;
}

/** The case and channel a contact reference names, or null when it is not one. */
export function parseContactRef(ref: string): { caseId: string; channel: string } | null {
  const at = ref.lastIndexOf(':');
  if (at < 1 || at === ref.length - 1) return null;
  return { caseId: ref.slice(0, at), channel: ref.slice(at + 1) };
}

/** Where a queued message goes: the address on file for the reference's channel at delivery. */
export function resolveContactRef(s: CaseState, channel: Channel): string | null {
  return s.contacts[channel] ?? null;
}

/** The channel the customer last wrote on, else the case's own channel if it has an address there. */
export function lastInboundChannel(s: CaseState): Channel | null {
  return s.lastInboundChannel ?? (s.contacts[s.channel] ? s.channel : null);
}

/** One address written two ways: e-mail without case, phone numbers by their digits. */
export function sameAddress(channel: Channel, a: string, b: string): boolean {
  if (channel === 'EMAIL') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (channel === 'PHONE' || channel === 'SMS') return a.replace(/\D/g, '') === b.replace(/\D/g, '');
  return a.trim() === b.trim();
}

/**
 * The reply address an inbound message leaves on file (the interaction's
 * meta): its own when the case has none on the channel or the same one,
 * else none, and the differing one becomes a pending change (once per address).
 */
export function inboundAddress(
  s: Pick<CaseState, 'contacts' | 'pendingContacts'> | null,
  channel: Channel,
  from: string,
  actor: Actor,
  now: number,
): { address: string | null; events: CaseEvent[] } {
  const onFile = s?.contacts[channel];
  if (!onFile) return { address: from, events: [] };
  if (sameAddress(channel, onFile, from)) return { address: onFile, events: [] };
  const pending = s.pendingContacts[channel];
  if (pending && sameAddress(channel, pending, from)) return { address: null, events: [] };
  return {
    address: null,
    events: [
      { type: 'internal.contact-change-pending', payload: { channel, address: from, actor, at: now } },
    ],
  };
}

/** An agent confirms the pending address (replies go there from now on) or rejects it. */
export function decideContactChange(cmd: CaseCommandOf<'DecideContactChange'>, s: CaseState): CaseEvent[] {
  const address = s.pendingContacts[cmd.channel];
  if (!address) throw new DomainError('INVALID_STATE', `no contact change pending on ${cmd.channel}`);
  return [
    {
      type: 'internal.contact-change-decided',
      payload: { channel: cmd.channel, address, accepted: cmd.accept, actor: cmd.actor, at: cmd.now },
    },
  ];
}
