import { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';
import { scrubText } from './pii';

/**
 * Field names whose values never reach a log line, at any depth: message
 * content, contact details, names, identity and card data, credentials
 * (docs/domain.md#privacy-and-security). Compared without case, `_` or `-`,
 * so `cardNumber`, `card_number` and `CardNumber` are one name.
 */
export const REDACTED_FIELDS: readonly string[] = [
  // What customers write and where it goes.
  'from to body subject comment text note replyTo recipient contact',
  // Addresses and names.
  'address addressLine1 addressLine2 addressLine3 addressLines line1 line2 line3 street postalCode postcode zip',
  'name firstName lastName middleName fullName givenName familyName displayName cardholderName',
  // Contact details and identity.
  'email emailAddress phone phoneNumber mobile wechatId nationalId ssn dateOfBirth dob birthDate',
  // Card data and credentials.
  'cardNumber pan cvv cvc cvv2 pin password token secret authorization cookie',
].flatMap((group) => group.split(' '));

const normalise = (key: string) => key.replace(/[-_]/g, '').toLowerCase();
const REDACTED = new Set(REDACTED_FIELDS.map(normalise));
export const CENSOR = '[redacted]';
const MAX_DEPTH = 12;

/**
 * A copy of a log line's object safe to write: named fields replaced by
 * CENSOR at any depth (objects and arrays), every other string scrubbed by
 * scrubText, errors serialised (type, message, stack, cause, own fields) and
 * scrubbed the same way. pino's own redact paths stop at the depth they name,
 * so the walk is ours; its cost per line is in docs/architecture.md#security-model.
 */
export function redactPii(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return redactPii(stdSerializers.err(value), depth + 1, seen);
  // pino-http logs the live request and response: serialise them as pino
  // would (a copy of their own fields loses the getters and walks the socket).
  if (value instanceof IncomingMessage) return redactPii(stdSerializers.req(value), depth + 1, seen);
  if (value instanceof ServerResponse) return redactPii(stdSerializers.res(value), depth + 1, seen);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactPii(toJSON.call(value), depth + 1, seen);
  if (Array.isArray(value)) return value.map((v) => redactPii(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    out[key] = REDACTED.has(normalise(key))
      ? CENSOR
      : redactPii((value as Record<string, unknown>)[key], depth + 1, seen);
  return out;
}
