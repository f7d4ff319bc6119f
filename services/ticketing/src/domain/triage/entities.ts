/**
 * The facts a message names (docs/adr/0022-ticketing-triage.md): card last
 * four, amounts with their currency, dates, merchants, case references.
 * Pure and rule-based: the text reached here redacted (a typed card number is
 * `****1111` by then), and nothing here ever reads a digit run longer than
 * four as a last four, so a full card number is never echoed.
 */
export interface MentionedAmount {
  /** Minor units (cents, fen). */
  amount: number;
  currency: 'USD' | 'CNY';
  text: string;
}

export interface MentionedDate {
  text: string;
  /** YYYY-MM-DD when the text names a calendar day with its year; null for "yesterday", "3月2日". */
  date: string | null;
}

export interface Entities {
  lastFour: string[];
  amounts: MentionedAmount[];
  dates: MentionedDate[];
  merchants: string[];
  caseRefs: string[];
}

// Four digits not touching another digit, after a phrase that says they are the card's last four.
const LAST_FOUR = [
  /\*{2,}\s?(\d{4})(?!\d)/g,
  /(?:ending(?: in| with)?|ends(?: in| with)?|last (?:4|four)(?: digits)?(?: is| are)?|card)\s*[:#-]?\s*(?<!\d)(\d{4})(?!\d)/gi,
  /(?:尾号|后四位|末四位|卡号后四位)(?:是|为)?\s*[:：]?\s*(?<!\d)(\d{4})(?!\d)/g,
];

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const AMOUNTS: { re: RegExp; currency: MentionedAmount['currency'] }[] = [
  { re: new RegExp(String.raw`(?:US\$|\$|USD\s?)${NUMBER}`, 'gi'), currency: 'USD' },
  { re: new RegExp(String.raw`(?<![\d.,])${NUMBER}\s?(?:dollars|usd|美元|美金)`, 'gi'), currency: 'USD' },
  { re: new RegExp(String.raw`(?:¥|￥|RMB\s?|CNY\s?|人民币)${NUMBER}(?:\s?[元块])?`, 'gi'), currency: 'CNY' },
  { re: new RegExp(String.raw`(?<![\d.,$¥￥])${NUMBER}\s?(?:元|块钱|块|rmb|cny)`, 'gi'), currency: 'CNY' },
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DATES: RegExp[] = [
  /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g,
  /(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})[日号]/g,
  /(?<![\d年])(\d{1,2})月(\d{1,2})[日号]/g,
  /(?<![\d月])(\d{1,2})号/g,
  new RegExp(String.raw`\b${MONTH}\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b`, 'gi'),
  new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)? ${MONTH}\b(?:,? (\d{4}))?`, 'gi'),
  /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/g,
  /\b(?:today|yesterday|tomorrow|last (?:mon|tues|wednes|thurs|fri|satur|sun)day|the \d{1,2}(?:st|nd|rd|th))\b/gi,
  /今天|昨天|前天|明天|上周[一二三四五六日天]|上个?月/g,
];

/**
 * Merchants the floor hears about most, as customers write them, per language
 * (the triage set's generator fills its {merchant} slots from these lists);
 * and "at/from <Name>" for the rest.
 */
export const MERCHANTS = {
  en: [
    'Amazon',
    'Starbucks',
    'Uber',
    'Netflix',
    'Walmart',
    'Apple.com',
    'Shell',
    'Best Buy',
    'Target',
    'AliExpress',
    'Booking.com',
    "McDonald's",
  ],
  zh: [
    '美团',
    '淘宝',
    '京东',
    '滴滴',
    '星巴克',
    '拼多多',
    '携程',
    '盒马',
    '麦当劳',
    '苹果官网',
    '饿了么',
    '天猫',
  ],
} as const;
/** A wallet customers name where a merchant would stand ("支付宝扣了我…"). */
const WALLETS = ['支付宝'];
const KNOWN_MERCHANTS: readonly string[] = [...MERCHANTS.en, ...MERCHANTS.zh, ...WALLETS];
const AT_MERCHANT = /\b(?:at|from|by)\s+((?:[A-Z][\w'&.-]*)(?:\s[A-Z][\w'&.-]*){0,2})/g;
const NOT_MERCHANT = new Set(['I', 'Cardline', 'The', 'My', 'Your', 'Monday', 'Friday', 'Sunday']);

const CASE_REF = /\bcas_[0-9a-f]{24}\b/g;

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
    ? `${y}-${pad(m)}-${pad(d)}`
    : null;
}

function lastFour(text: string): string[] {
  return unique(LAST_FOUR.flatMap((re) => [...text.matchAll(re)].map((m) => m[1] as string)));
}

/** The minor units of a written amount: "1,249.5" → 124950. */
function minorUnits(whole: string, fraction: string | undefined): number {
  return Number(whole.replace(/,/g, '')) * 100 + Number((fraction ?? '').padEnd(2, '0'));
}

function amounts(text: string): MentionedAmount[] {
  const found: (MentionedAmount & { at: number })[] = [];
  const taken: [number, number][] = [];
  for (const { re, currency } of AMOUNTS)
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      if (taken.some(([a, b]) => at < b && end > a)) continue; // "¥320元" is one amount
      taken.push([at, end]);
      found.push({ amount: minorUnits(m[1] as string, m[2]), currency, text: m[0].trim(), at });
    }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...a }) => a);
}

function dates(text: string): MentionedDate[] {
  const found: (MentionedDate & { at: number })[] = [];
  const taken: [number, number][] = [];
  DATES.forEach((re, k) => {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      if (taken.some(([a, b]) => at < b && end > a)) continue;
      taken.push([at, end]);
      found.push({ text: m[0], date: calendarDay(k, m), at });
    }
  });
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...d }) => d);
}

/** The day a match names, when it names its year too (by the pattern that matched: DATES order). */
function calendarDay(k: number, m: RegExpMatchArray): string | null {
  const n = (i: number) => Number(m[i]);
  const month = (i: number) => MONTHS.indexOf(String(m[i]).slice(0, 3).toLowerCase()) + 1;
  if (k === 0 || k === 1) return validDate(n(1), n(2), n(3));
  if (k === 4 && m[3]) return validDate(n(3), month(1), n(2));
  if (k === 5 && m[3]) return validDate(n(3), month(2), n(1));
  if (k === 6 && m[3]) return validDate(n(3), n(1), n(2));
  return null;
}

function merchants(text: string): string[] {
  const lower = text.toLowerCase();
  const known = KNOWN_MERCHANTS.filter((k) => lower.includes(k.toLowerCase()));
  const named = [...text.matchAll(AT_MERCHANT)]
    .map((m) => (m[1] as string).replace(/[.,!?]+$/, ''))
    .filter((n) => !NOT_MERCHANT.has(n) && !known.some((k) => k.includes(n) || n.includes(k)));
  return unique([...known, ...named]);
}

export function extractEntities(text: string): Entities {
  return {
    lastFour: lastFour(text),
    amounts: amounts(text),
    dates: dates(text),
    merchants: merchants(text),
    caseRefs: unique(text.match(CASE_REF) ?? []),
  };
}

/**
 * The text as the model reads it: amounts, dates, case references and last
 * fours become one word each, so it learns "an amount" rather than 1,249.00.
 */
export function withPlaceholders(text: string): string {
  // Full-width forms as half-width, as intake's redaction leaves a message (and the triage set is written).
  let t = text.normalize('NFKC').replace(CASE_REF, ' caseref ');
  for (const { re } of AMOUNTS) t = t.replace(re, ' amount ');
  for (const re of DATES) t = t.replace(re, ' date ');
  for (const re of LAST_FOUR) t = t.replace(re, (m, d: string) => m.replace(d, ' lastfour '));
  return t.replace(/\s+/g, ' ').trim();
}
