/**
 * The gateway routes on the path as it came, but an HTTP client resolves dot
 * segments before it sends (`/cards/v1/../metrics` leaves as `/metrics`), so a
 * path that changes when normalised would reach a route the gateway never
 * saw. Such paths are refused, not rewritten: no legitimate client of the
 * API sends them (docs/architecture.md, "Gateway").
 */

/** Why `path` (no query) cannot be routed as it is, or undefined when it is clean. */
export function unsafePath(path: string): string | undefined {
  if (path.includes('\\')) return 'a backslash';
  if (path.includes('//')) return 'an empty path segment';
  if (/%(2f|5c)/i.test(path)) return 'an encoded slash or backslash';
  if (/%00/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'a control character';
  for (const segment of path.split('/')) {
    // WHATWG URLs treat `%2e` as a dot, in any case and mix (`.%2E`).
    const dots = segment.replace(/%2e/gi, '.');
    if (dots === '.' || dots === '..') return 'a dot segment';
  }
  try {
    decodeURIComponent(path);
  } catch {
    return 'a malformed percent-encoding';
  }
  return undefined;
}
