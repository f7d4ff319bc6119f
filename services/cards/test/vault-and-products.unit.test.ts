import { luhnValid } from '@cardline/platform';
import { luhnCheckDigit } from '../src/adapters/vault/local-vault';
import { binFor, expiryFrom, networkOf } from '../src/domain/products';

describe('card numbers', () => {
  it('the check digit makes any body pass Luhn, and only that digit does', () => {
    for (const body of ['453201123456789', '552433000000000', '622588987654321']) {
      const d = luhnCheckDigit(body);
      expect(luhnValid(body + String(d))).toBe(true);
      expect(luhnValid(body + String((d + 1) % 10))).toBe(false);
    }
    expect(luhnCheckDigit('424242424242424')).toBe(2); // the well-known test card 4242…4242
  });

  it('products map to BINs and BINs to networks', () => {
    expect(networkOf(binFor('CLASSIC'))).toBe('VISA');
    expect(networkOf(binFor('GOLD'))).toBe('MASTERCARD');
    expect(networkOf(binFor('UNIONPAY_CLASSIC'))).toBe('UNIONPAY');
    expect(networkOf('222100')).toBe('MASTERCARD');
    expect(networkOf('300000')).toBe('UNKNOWN');
    expect(binFor('NO_SUCH_PRODUCT')).toBe('453201');
  });

  it('cards expire four years after issue, in the issue month', () => {
    expect(expiryFrom(Date.UTC(2026, 10, 23))).toEqual({ expiryMonth: 11, expiryYear: 2030 });
  });
});
