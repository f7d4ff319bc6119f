import type { Scenario } from './scenario';
import { stolenCard } from './stolen-card';
import { lateFee } from './late-fee';
import { hardshipCall } from './hardship-call';
import { addOnSale } from './addon-sale';

/** Every scenario the sandbox offers, in the order the picker lists them. */
export const SCENARIOS: readonly Scenario[] = [stolenCard, lateFee, hardshipCall, addOnSale];

export const scenarioById = (id: string): Scenario | undefined => SCENARIOS.find((s) => s.id === id);
