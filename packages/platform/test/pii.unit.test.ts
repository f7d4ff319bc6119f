import { findPans, luhnValid, maskEmail, maskPhone, scrubText } from '../src';

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
  it('leaves other numbers alone (amounts, ids, non-Luhn digit runs)', () => {
    expect(scrubText('amount 123456 ref 4111111111111112')).toBe('amount 123456 ref 4111111111111112');
    expect(findPans('order 2026112300001')).toEqual([]);
    // An epoch-ms timestamp can pass Luhn; no card number starts with 1.
    expect(luhnValid('1768050000000')).toBe(true);
    expect(findPans('at 1768050000000')).toEqual([]);
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
