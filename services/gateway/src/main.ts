#!/usr/bin/env node
import { telemetry } from './instrument'; // first, so tracing patches http/express (see instrument.ts)
import { runService } from '@cardline/platform';
import { createGateway, loadGatewayConfig } from './gateway';

void runService(telemetry, loadGatewayConfig, createGateway);
