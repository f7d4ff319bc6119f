import fc from 'fast-check';
import { extractEntities, withPlaceholders } from '../src/domain/triage/entities';
import { money } from '../src/domain/answers';

describe('the facts a message names', () => {
  it('reads last four, amount, date and merchant from an English message', () => {
    const e = extractEntities(
      'Hi, I see a transaction at Amazon for USD 1,874.50 that isnt mine, card ending 4758 on March 3, 2026',
    );
    expect(e.lastFour).toEqual(['4758']);
    expect(e.amounts).toEqual([{ amount: 187450, currency: 'USD', text: 'USD 1,874.50' }]);
    expect(e.dates).toEqual([{ text: 'March 3, 2026', date: '2026-03-03' }]);
    expect(e.merchants).toEqual(['Amazon']);
  });

  it('reads 尾号, ¥, 元, 人民币 and Chinese dates from a WeChat message', () => {
    const e = extractEntities(
      '你好，尾号7579的卡有一笔陌生交易，美团 ¥6454 2026年11月2日，昨天又扣了人民币58元',
    );
    expect(e.lastFour).toEqual(['7579']);
    expect(e.amounts.map((a) => [a.amount, a.currency])).toEqual([
      [645400, 'CNY'],
      [5800, 'CNY'],
    ]);
    expect(e.dates).toEqual([
      { text: '2026年11月2日', date: '2026-11-02' },
      { text: '昨天', date: null },
    ]);
    expect(e.merchants).toEqual(['美团']);
  });

  it('reads a redacted card number as its last four and a case reference in the repository’s case-id format', () => {
    const e = extractEntities(
      'charged twice at Joe Coffee, $12 each on 3/14, card ****1111, see cas_228dde8d91e01b01df6c15aa',
    );
    expect(e.lastFour).toEqual(['1111']);
    expect(e.caseRefs).toEqual(['cas_228dde8d91e01b01df6c15aa']);
    expect(e.merchants).toEqual(['Joe Coffee']);
    expect(e.dates).toEqual([{ text: '3/14', date: null }]);
  });

  it('never reads a last four out of a longer digit run', () => {
    expect(extractEntities('card 4111111111111111 please').lastFour).toEqual([]);
    expect(extractEntities('尾号12345').lastFour).toEqual([]);
  });

  it('gives the model one word per amount, date, reference and last four', () => {
    expect(withPlaceholders('lost card ending 4758, $12 on 3/14')).toBe(
      'lost card ending lastfour , amount on date',
    );
  });
});

const luhnPan = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).chain((digits) =>
  fc.constant(
    (() => {
      const body = [4, ...digits.slice(1)];
      const sum = body
        .slice()
        .reverse()
        .reduce((s, d, i) => s + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
      return `${body.join('')}${(10 - (sum % 10)) % 10}`;
    })(),
  ),
);

describe('properties', () => {
  it('a full card number in the text is never echoed in the facts', () => {
    fc.assert(
      fc.property(luhnPan, fc.string(), fc.string(), (pan, before, after) => {
        const out = JSON.stringify(
          extractEntities(`${before} card ${pan} ending ${pan} 尾号${pan} ${after}`),
        );
        expect(out).not.toContain(pan);
        expect(out).not.toMatch(/\d{13,}/);
      }),
    );
  });

  it('an amount written as the answers write it reads back to the same minor units and currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_00 }),
        fc.constantFrom('USD', 'CNY'),
        (minor, currency) => {
          const [a] = extractEntities(`I paid ${money(minor, currency)} yesterday`).amounts;
          expect(a).toMatchObject({ amount: minor, currency });
        },
      ),
    );
  });

  it('an amount in any of the customers’ forms reads back to its minor units', () => {
    const forms = ['$%', 'USD %', '% dollars', '¥%', '%元', 'RMB%', '人民币%元', '%块'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_99 }), fc.constantFrom(...forms), (minor, form) => {
        const written = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
        const [a] = extractEntities(`扣了 ${form.replace('%', written)} 吗`).amounts;
        expect(a?.amount).toBe(minor);
        expect(a?.currency).toBe(
          form.includes('$') || form.includes('dollars') || form.includes('USD') ? 'USD' : 'CNY',
        );
      }),
    );
  });
});
