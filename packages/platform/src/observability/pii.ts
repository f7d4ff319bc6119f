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

// 13–19 digits, optionally grouped by single spaces or dashes (as people type
// them), starting 2–6: the ISO/IEC 7812 industry digits of bank and network
// cards (Mastercard 2/5, Amex 3, Visa 4, Discover/UnionPay 6). This keeps
// epoch-millisecond timestamps (leading 1) from passing as card numbers.
const PAN_LIKE = /\b[2-6](?:[ -]?\d){12,18}\b/g;

// Event, aggregate and request ids: the digit-only groups of a UUID
// ("69938978-1189-4604-…") pass Luhn one time in ten.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const withoutUuids = (text: string) => text.replace(UUID, (u) => ' '.repeat(u.length));

/** Finds card-number-like sequences (13–19 digits passing Luhn), never inside a UUID. */
export function findPans(text: string): string[] {
  const found: string[] = [];
  for (const m of withoutUuids(text).matchAll(PAN_LIKE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) found.push(m[0]);
  }
  return found;
}

/** Masks every Luhn-valid 13–19 digit run, keeping the last four; UUIDs stay as they are. */
export function scrubText(text: string): string {
  let out = '';
  let from = 0;
  for (const m of withoutUuids(text).matchAll(PAN_LIKE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
    out += `${text.slice(from, m.index)}****${digits.slice(-4)}`;
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
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
