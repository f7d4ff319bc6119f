/** Time as the domain sees it; tests and demos move a simulated one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move (never backwards). */
export class SimulatedClock implements Clock {
  private t: number;

  constructor(start: Date = new Date()) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  set(to: Date): void {
    if (to.getTime() < this.t) throw new RangeError('the simulated clock does not go backwards');
    this.t = to.getTime();
  }

  advance(ms: number): void {
    this.set(new Date(this.t + ms));
  }
}
