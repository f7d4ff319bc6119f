#!/usr/bin/env node
import { telemetry } from './instrument'; // first, so tracing patches http/express (see instrument.ts)
import { runService } from '@cardline/platform';
import { createSales, loadSalesConfig } from './sales';

void runService(telemetry, loadSalesConfig, createSales);
