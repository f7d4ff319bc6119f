import type { Scenario } from './scenario';
import { stolenCard } from './stolen-card';
import { lateFee } from './late-fee';

/** Every scenario the sandbox offers, in the order the picker lists them. */
export const SCENARIOS: readonly Scenario[] = [stolenCard, lateFee];

export const scenarioById = (id: string): Scenario | undefined => SCENARIOS.find((s) => s.id === id);
