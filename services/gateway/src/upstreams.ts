/**
 * A service behind the gateway, reached under /<name>/… with the prefix
 * stripped. Every service verifies the bearer token and declares its roles
 * next to its routes; the gateway forwards the token and their 401/403
 * passes through.
 */
export interface Upstream {
  name: string;
  url: string;
}
