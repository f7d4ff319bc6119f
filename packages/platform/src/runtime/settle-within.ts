/**
 * Whether `work` settled within `ms`: 'done' when it resolved in time, 'late'
 * when it had not (it keeps running; nobody waits for it). A rejection in time
 * passes through. The timer is cleared either way, so it never holds a
 * process open.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
