// Loaded first by main.ts: tracing must patch http/express before they load.
import { startTelemetry } from '@cardline/platform/telemetry';

export const telemetry = startTelemetry(process.env.SERVICE_NAME ?? 'ticketing');
