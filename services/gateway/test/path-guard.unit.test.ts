import { unsafePath } from '../src/path-guard';

// Every way a path can name another route once an HTTP client or a service
// normalises it; each is refused with its reason (docs/architecture.md, "Gateway").
it.each([
  ['/v1/accounts/../admin/clock', 'a dot segment'],
  ['/v1/..', 'a dot segment'],
  ['/v1/./accounts', 'a dot segment'],
  ['/v1/%2e%2e/metrics', 'a dot segment'],
  ['/v1/%2E%2e/metrics', 'a dot segment'],
  ['/v1/.%2E/metrics', 'a dot segment'],
  ['/v1/%2e/metrics', 'a dot segment'],
  ['/v1/accounts/%2f..%2fadmin', 'an encoded slash or backslash'],
  ['/v1/accounts/%2F', 'an encoded slash or backslash'],
  ['/v1/accounts/%5c..%5cadmin', 'an encoded slash or backslash'],
  ['/v1/accounts\\..\\admin', 'a backslash'],
  ['/v1//admin/clock', 'an empty path segment'],
  ['/v1/accounts/%00', 'a control character'],
  ['/v1/accounts/a\tb', 'a control character'],
  ['/v1/accounts/%e0%a4%a', 'a malformed percent-encoding'],
])('refuses %s (%s)', (path, why) => {
  expect(unsafePath(path)).toBe(why);
});

it.each([
  '/v1/accounts/acc-1',
  '/v1/accounts/acc-1/cards',
  '/v1/cards/card-1/fraud-trace',
  '/v1/accounts/a.b', // a dot inside a segment is a name, not a step
  '/v1/accounts/...', // three dots are a name too
  '/v1/customers/%E5%BC%A0', // percent-encoded UTF-8
  '/v1/accounts/acc-1/',
])('routes %s as it is', (path) => {
  expect(unsafePath(path)).toBeUndefined();
});
