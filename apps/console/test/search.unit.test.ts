import { searchKind, uniqueMatches } from '../src/search';

describe('what the agent typed into the search', () => {
  it('reads four digits as a card’s last four', () => {
    expect(searchKind('4242')).toBe('last4');
    expect(searchKind(' 0007 ')).toBe('last4');
  });

  it('reads a number of seven digits or more, in any common format, as a phone', () => {
    for (const q of ['+1 415 555 0102', '(415) 555-0102', '415.555.0102', '13800138000'])
      expect(searchKind(q)).toBe('phone');
    expect(searchKind('555-01')).toBe('id');
  });

  it('reads words with a space as a name, anything else as an id', () => {
    expect(searchKind('Ada Approved')).toBe('name');
    expect(searchKind('王 小明')).toBe('name');
    expect(searchKind('demo-cus-001')).toBe('id');
    expect(searchKind('acc_5f2')).toBe('id');
  });
});

describe('the customers a search found', () => {
  it('lists each customer once, in the order found, with every hint', () => {
    expect(
      uniqueMatches([
        { customerId: 'cus-1', hints: ['4532 01** **** 4242', 'acc-1'] },
        { customerId: 'cus-2', hints: ['acc-7'] },
        { customerId: 'cus-1', hints: ['acc-1', 'acc-3'] },
      ]),
    ).toEqual([
      { customerId: 'cus-1', hints: ['4532 01** **** 4242', 'acc-1', 'acc-3'] },
      { customerId: 'cus-2', hints: ['acc-7'] },
    ]);
  });
});
