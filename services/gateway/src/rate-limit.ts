import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A fixed one-minute window of `perMinute` calls per principal, in this instance's memory. */
export function perPrincipalLimiter(perMinute: number): RateLimiterAbstract {
  return new RateLimiterMemory({ points: perMinute, duration: 60 });
}

/**
 * Counts one call for `key`: null when it may go on, or how long to wait.
 * A store that fails (a shared one, later) lets the call through: the limit
 * protects the services, it must not take the gateway down with it.
 */
export async function consume(
  limiter: RateLimiterAbstract,
  key: string,
): Promise<{ retryAfterSeconds: number } | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (res) {
    if (res instanceof RateLimiterRes)
      return { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    return null;
  }
}
