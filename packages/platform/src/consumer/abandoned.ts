/** The batch is no longer this consumer's: stop without committing or dead-lettering. */
export class AbandonedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbandonedError';
  }
}
