// main.ts imports this first: the http/express instrumentations patch those modules
// when they are first required, and '@cardline/platform' requires express.
import { startTelemetry } from '@cardline/platform/telemetry';

export const telemetry = startTelemetry(process.env.SERVICE_NAME ?? 'sales');
