/** Where the customer is reached: addresses as events show them, and the channel a reply goes to. */
import type { CaseState } from './case';
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

/** The channel the customer last wrote on, else the case's own channel if it has an address there. */
export function lastInboundChannel(s: CaseState): Channel | null {
  return s.lastInboundChannel ?? (s.contacts[s.channel] ? s.channel : null);
}
