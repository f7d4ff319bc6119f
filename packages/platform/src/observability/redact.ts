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
  // Contact details, identity and what an application declares.
  'email emailAddress phone phoneNumber mobile wechatId nationalId ssn dateOfBirth dob birthDate income',
  // Card data and credentials (`set-cookie`, `access_token` and `api_key` are the same names once normalised).
  'cardNumber pan cvv cvc cvv2 pin password token secret authorization cookie set-cookie',
  'accessToken refreshToken idToken apiKey clientSecret',
].flatMap((group) => group.split(' '));

const normalise = (key: string) => key.replace(/[-_]/g, '').toLowerCase();
const REDACTED = new Set(REDACTED_FIELDS.map(normalise));
export const CENSOR = '[redacted]';

/**
 * Fields holding a URL (an access line's `url`, a `referer` header): logged
 * without their query string, whose values (`?to=…&name=…`, percent-encoded
 * out of scrubText's reach) are the named fields above in another form. An
 * express request's parsed `query` is logged beside it, redacted by name.
 */
const URL_FIELDS = new Set(['url', 'originalurl', 'referer', 'referrer']);
const withoutQuery = (url: string) => {
  const at = url.search(/[?#]/);
  return at < 0 ? url : `${url.slice(0, at)}?${CENSOR}`;
};
const MAX_DEPTH = 12;

/**
 * A copy of a log line's object safe to write: named fields replaced by
 * CENSOR at any depth (objects and arrays), every other string scrubbed by
 * scrubText, errors serialised (type, message, stack, cause, own fields) and
 * scrubbed the same way. pino's own redact paths stop at the depth they name,
 * so the walk is ours; its cost per line is in docs/architecture.md#security-model.
 * `[Circular]` only for a real cycle (an object among its own ancestors): the
 * same object logged twice side by side is written twice. Buffers are written
 * as their length, never their bytes; a getter or toJSON that throws as
 * `[unreadable]`, so a log line never throws.
 */
export function redactPii(value: unknown, depth = 0, ancestors: Set<object> = new Set()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  ancestors.add(value);
  try {
    return redactObject(value, depth, ancestors);
  } catch {
    return UNREADABLE;
  } finally {
    ancestors.delete(value);
  }
}

const UNREADABLE = '[unreadable]';

function redactObject(value: object, depth: number, ancestors: Set<object>): unknown {
  const next = (v: unknown) => redactPii(v, depth + 1, ancestors);
  if (value instanceof Error) return next(stdSerializers.err(value));
  // pino-http logs the live request and response: serialise them as pino
  // would (a copy of their own fields loses the getters and walks the socket).
  if (value instanceof IncomingMessage) return next(stdSerializers.req(value));
  if (value instanceof ServerResponse) return next(stdSerializers.res(value));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return next(toJSON.call(value));
  if (Array.isArray(value)) return value.map(next);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (REDACTED.has(normalise(key))) {
      out[key] = CENSOR;
      continue;
    }
    let field: unknown;
    try {
      field = (value as Record<string, unknown>)[key];
    } catch {
      out[key] = UNREADABLE;
      continue;
    }
    out[key] =
      typeof field === 'string' && URL_FIELDS.has(normalise(key)) ? next(withoutQuery(field)) : next(field);
  }
  return out;
}
