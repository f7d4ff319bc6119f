import fc from 'fast-check';
import { findPans, findStandalonePans, luhnValid, maskEmail, maskPhone, scrubText } from '../src';

/** The same digits in full-width forms, as Chinese input methods type them. */
const wide = (s: string) =>
  s.replace(/[0-9+\-.@ ]/g, (c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

describe('card numbers never reach text', () => {
  it('recognises Luhn-valid numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
  it('masks 13–19 digit Luhn-valid runs, grouped or not, keeping the last four', () => {
    expect(scrubText('card 4111 1111 1111 1111 stolen')).toBe('card ****1111 stolen');
    expect(scrubText('pan=5500-0000-0000-0004;')).toBe('pan=****0004;');
    expect(scrubText('amex 378282246310005')).toBe('amex ****0005');
  });
  it.each([
    ['no separator', '4111111111111111'],
    ['spaces', '4111 1111 1111 1111'],
    ['dashes', '4111-1111-1111-1111'],
    ['dots', '4111.1111.1111.1111'],
    ['double spaces', '4111  1111  1111  1111'],
    ['mixed', '4111 -1111.1111 1111'],
    ['a no-break space', '4111\u00a01111\u00a01111\u00a01111'],
    ['an en dash', '4111\u20131111\u20131111\u20131111'],
    ['Amex 4-6-5', '3782 822463 10005'],
    ['19 digits (UnionPay)', '6222 0210 0112 3456 789'],
    ['full-width digits', wide('4111111111111111')],
    ['full-width digits and spaces', wide('4111 1111 1111 1111')],
    ['full-width digits and dashes', wide('4111-1111-1111-1111')],
    // Found to refuse input, but not by the leak scan, which takes a card only as
    // its own token so that ids, hashes and binary stay clear of Luhn by chance.
    ['letters right before', 'ref4111111111111111', 0],
    ['other numbers beside it', '12345 4111 1111 1111 1111 99', 0],
    ['its expiry after it', '4111 1111 1111 1111 12/27', 0],
  ])('masks a card number with %s', (_what, pan, standalone = 1) => {
    const out = scrubText(`note: ${pan} end`);
    expect(out).toMatch(/^note: [a-z]*\*\*\*\*\d{4}[ \d/]* end$/);
    expect(findPans(`note: ${pan} end`)).toHaveLength(1);
    expect(findStandalonePans(`note: ${pan} end`)).toHaveLength(standalone);
  });
  it('the leak scan leaves hex ids and prefixed UUIDs alone, whose digit runs pass Luhn by chance', () => {
    expect(findStandalonePans('"token":"tok_a3258322748907f"')).toEqual([]);
    expect(findStandalonePans('acc_54756661-1471-4a2b-8c3d-9e0f1a2b3c4d')).toEqual([]);
    expect(findPans('acc_54756661-1471-4a2b-8c3d-9e0f1a2b3c4d')).toEqual([]);
    expect(findStandalonePans('"id":"4111111111111111"')).toEqual(['4111111111111111']);
  });
  it('leaves other numbers alone (amounts, ids, non-Luhn digit runs)', () => {
    expect(scrubText('amount 123456 ref 4111111111111112')).toBe('amount 123456 ref 4111111111111112');
    expect(findPans('order 2026112300001')).toEqual([]);
    // An epoch-ms timestamp can pass Luhn; no card number starts with 1.
    expect(luhnValid('1768050000000')).toBe(true);
    expect(findPans('at 1768050000000')).toEqual([]);
    for (const text of [
      'at 2026-12-01T10:00:00.000Z',
      'v1.2.3 on 10.0.0.12:8080',
      'took 1234 ms',
      'case-000123',
    ])
      expect(scrubText(text)).toBe(text);
  });
  it('leaves UUIDs alone even when their digit groups pass Luhn (seen in a run: an event id)', () => {
    const id = '69938978-1189-4604-8a1e-3c2b1d0e9f77';
    expect(luhnValid('6993897811894604')).toBe(true);
    expect(findPans(`eventId ${id}`)).toEqual([]);
    expect(scrubText(`eventId ${id}`)).toBe(`eventId ${id}`);
    // A card number next to a UUID is still masked, and the UUID kept.
    expect(scrubText(`${id} card 4111 1111 1111 1111`)).toBe(`${id} card ****1111`);
    expect(findPans(`${id} 4111-1111-1111-1111`)).toEqual(['4111-1111-1111-1111']);
  });
  it('masks contact details for display', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskPhone('+1 (212) 555-0188')).toBe('***0188');
  });
});

describe('identity numbers, e-mail addresses and phone numbers never reach text', () => {
  it.each([
    ['US SSN', '123-45-6789', '[ssn]'],
    ['US SSN, full-width', wide('123-45-6789'), '[ssn]'],
    ['Chinese resident id', '110101199003077777', '[national-id]'],
    ['Chinese resident id, check digit X', '11010119900307663X', '[national-id]'],
    ['Chinese resident id, check digit x', '11010119900307663x', '[national-id]'],
    ['Chinese resident id, full-width', wide('110101199003077777'), '[national-id]'],
    ['e-mail', 'jane.doe+cards@example.co.uk', '[email]'],
    ['e-mail, full-width @', 'jane＠example.com', '[email]'],
    ['E.164', '+12125550188', '[phone]'],
    ['E.164 grouped', '+1 212 555 0188', '[phone]'],
    ['E.164 with area code in parentheses', '+1 (212) 555-0188', '[phone]'],
    ['E.164 China', '+86 138 0013 8000', '[phone]'],
    ['E.164 full-width', wide('+8613800138000'), '[phone]'],
    ['US with parentheses', '(212) 555-0188', '[phone]'],
    ['US dashes', '212-555-0188', '[phone]'],
    ['US dots', '212.555.0188', '[phone]'],
    ['US spaces', '212 555 0188', '[phone]'],
    ['CN mobile', '13800138000', '[phone]'],
    ['CN mobile spaces', '138 0013 8000', '[phone]'],
    ['CN mobile dashes', '138-0013-8000', '[phone]'],
  ])('masks a %s', (_what, value, mask) => {
    expect(scrubText(`said ${value} today`)).toBe(`said ${mask} today`);
  });
});

describe('scrubText, property', () => {
  // A Luhn-valid number of 13–19 digits starting 2–6 (ISO/IEC 7812 bank and network cards).
  const pan = fc
    .tuple(
      fc.integer({ min: 2, max: 6 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }),
    )
    .map(([first, rest]) => {
      const body = `${first}${rest.join('')}`;
      const check = [...'0123456789'].find((d) => luhnValid(body + d)) as string;
      return body + check;
    });
  const separator = fc.constantFrom('', ' ', '  ', '-', '.', ' - ', '\u00a0', '\u3000', '\u2013');
  const text = fc.string({
    unit: fc.constantFrom(...'abc xyz,;:!?()[]/éü中文卡号'.split('')),
    maxLength: 20,
  });

  it('a Luhn-valid card number in random text, with random separators and widths, never survives', () => {
    fc.assert(
      fc.property(
        pan,
        fc.array(separator, { minLength: 19, maxLength: 19 }),
        fc.boolean(),
        text,
        text,
        (p, seps, fullWidth, before, after) => {
          const typed = [...p].map((d, i) => (i === 0 ? d : `${seps[i] ?? ''}${d}`)).join('');
          const written = `${before}${fullWidth ? wide(typed) : typed}${after}`;
          const out = scrubText(written);
          const digits = out.replace(/[^0-9\uFF10-\uFF19]/g, '');
          expect(digits).not.toContain(p);
          expect(out).toContain('****');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
