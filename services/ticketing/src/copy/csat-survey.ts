/**
 * What the satisfaction survey says to the customer. Copy, not a rule: the
 * case service puts it in the command that solves a case, and the case
 * records and queues it as given.
 */
export const CSAT_SURVEY_TEXT =
  'How satisfied were you with how we handled your request? Reply with a score from 1 to 5.';
