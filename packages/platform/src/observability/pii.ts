/** Luhn check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Full-width forms (U+FF01–FF5E, what Chinese input methods and WeChat type)
// and the ideographic space, read as their ASCII counterparts before any detector runs.
const WIDE = /[\uFF01-\uFF5E\u3000]/;
const halfWidth = (text: string): string =>
  WIDE.test(text)
    ? text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
        c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
      )
    : text;

// Digits joined by up to three separators (space, no-break space, dot, dash,
// Unicode dashes: `4111  1111`, `4111 - 1111`), as people type and paste card numbers.
const DIGIT_RUN = /\d(?:[ .\-\u00a0\u2010-\u2015]{0,3}\d)*/g;

/**
 * The card number in a digit run, if any: 13–19 consecutive digit groups'
 * worth of digits passing Luhn and starting 2–6, the ISO/IEC 7812 industry
 * digits of bank and network cards (Mastercard 2/5, Amex 3, Visa 4,
 * Discover/UnionPay 6), which keeps epoch-millisecond timestamps (leading 1)
 * out. Groups rather than every substring: a card typed among other numbers
 * starts and ends at a separator, and an order number is not cut into one.
 */
function cardIn(run: string): string | undefined {
  const groups = run.split(/[^\d]+/);
  for (let i = 0; i < groups.length; i++) {
    const first = (groups[i] as string).charCodeAt(0);
    if (first < 50 || first > 54) continue;
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j++) {
      digits += groups[j] as string;
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return digits;
    }
  }
  return undefined;
}

// Event, aggregate and request ids: the digit-only groups of a UUID
// ("69938978-1189-4604-…") pass Luhn one time in ten. A capture group, so
// that split() keeps them at the odd places.
// Bounded by non-hex rather than \b: ids are written `acc_<uuid>`, `txn_<uuid>`.
const UUID = /((?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f]))/i;
const withoutUuids = (text: string) =>
  text.replace(new RegExp(UUID.source, 'gi'), (u) => ' '.repeat(u.length));

/**
 * Finds card numbers in free text people type, to refuse it: any digit run
 * (common separators, full-width digits) holding 13–19 consecutive groups'
 * worth of digits that pass Luhn and start 2–6 (`cardIn`), so
 * `4111 1111 1111 1111 12/27` and `PAN4111111111111111` are found; never
 * inside a UUID.
 */
export function findPans(text: string): string[] {
  const found: string[] = [];
  for (const m of withoutUuids(halfWidth(text)).matchAll(DIGIT_RUN))
    if (m[0].length >= 13 && cardIn(m[0])) found.push(m[0]);
  return found;
}

const WORD = /[0-9A-Za-z_]/;

/**
 * Finds card numbers standing as their own token: a whole digit run of 13–19
 * digits in any common separator or full-width digits, passing Luhn and
 * starting 2–6, not touching a letter, digit or underscore, never inside a
 * UUID. For scanning stores, topics and logs for leaks: there findPans would
 * try every group prefix of long ids, hashes and Avro bytes against Luhn and
 * pass one time in two.
 */
export function findStandalonePans(text: string): string[] {
  const found: string[] = [];
  const t = withoutUuids(halfWidth(text));
  for (const m of t.matchAll(DIGIT_RUN)) {
    const before = t[m.index - 1] ?? ' ';
    const after = t[m.index + m[0].length] ?? ' ';
    if (WORD.test(before) || WORD.test(after)) continue;
    const digits = m[0].replace(/\D/g, '');
    const first = digits.charCodeAt(0);
    if (digits.length >= 13 && digits.length <= 19 && first >= 50 && first <= 54 && luhnValid(digits))
      found.push(m[0]);
  }
  return found;
}

// Linear: every part is capped (RFC 5321: 64 for the local part, 63 a label,
// here at most 9 labels), and no part's characters can end another's, so a
// failed try costs at most ~650 steps wherever it starts; unbounded `+` was
// quadratic on a long run of word characters with an `@` after it (100 kB: minutes).
const EMAIL = /[\w.%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}/gi;
// 6-digit region, birth date 18xx–20xx, 3-digit sequence, check digit 0–9 or X (GB 11643).
const CN_RESIDENT_ID =
  /(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const US_SSN = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g;
const PHONES = [
  // E.164 and other international forms: + and 8–15 digits, grouped freely.
  /(?<![\w+])\+\d(?:[ .-]?\(?\d+\)?)+/g,
  // US: (212) 555-0188, 212-555-0188, 212.555.0188, 212 555 0188.
  /(?<![\d+])\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4}(?!\d)/g,
  // Chinese mobiles: 13800138000, 138 0013 8000, 138-0013-8000.
  /(?<![\d+])1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
];
const digitCount = (s: string) => s.replace(/\D/g, '').length;

/**
 * Whether a text could hold any kind scrubText masks: an `@`, a full-width
 * form, or at least 8 digits (the shortest, an E.164 number). Most log
 * strings (ids, paths, states) have neither, and skip the regular expressions.
 */
function mayHoldPii(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 8) return true;
    } else if (c === 64 || c >= 0x3000) return true;
  }
  return false;
}

/**
 * Masks what must not reach a log line in free text: e-mail addresses,
 * Chinese resident ids, US SSNs, card numbers (keeping the last four) and
 * phone numbers, in that order so a longer kind is taken before a shorter
 * one inside it. Full-width forms are read (and written) as ASCII; UUIDs
 * pass untouched.
 */
export function scrubText(text: string): string {
  if (!mayHoldPii(text)) return text;
  const parts = halfWidth(text).split(UUID);
  return parts.length === 1
    ? scrubPart(parts[0] as string)
    : parts.map((p, i) => (i % 2 === 1 ? p : scrubPart(p))).join('');
}

function scrubPart(part: string): string {
  let t = part;
  if (t.indexOf('@') >= 0) t = t.replace(EMAIL, '[email]');
  t = t.replace(CN_RESIDENT_ID, '[national-id]').replace(US_SSN, '[ssn]');
  t = t.replace(DIGIT_RUN, (run) => {
    if (run.length < 13) return run;
    const card = cardIn(run);
    return card ? `****${card.slice(-4)}` : run;
  });
  for (const phone of PHONES)
    t = t.replace(phone, (m) =>
      digitCount(m) >= (m.startsWith('+') ? 8 : 10) && digitCount(m) <= 15 ? '[phone]' : m,
    );
  return t;
}

/** Masks an e-mail or phone for display: keeps enough to recognise, not to use. */
export function maskEmail(email: string): string {
  const [user, domain] = email.split('@');
  if (!user || !domain) return '***';
  return `${user.slice(0, 1)}***@${domain}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '***' : `***${digits.slice(-4)}`;
}
