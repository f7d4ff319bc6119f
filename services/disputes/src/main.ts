#!/usr/bin/env node
import { telemetry } from './instrument'; // first, so tracing patches http/express (see instrument.ts)
import { runService } from '@cardline/platform';
import { createDisputes, loadDisputesConfig } from './disputes';

void runService(telemetry, loadDisputesConfig, createDisputes);
