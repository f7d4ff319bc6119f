#!/usr/bin/env node
import { telemetry } from './instrument'; // first, so tracing patches http/express (see instrument.ts)
import { runService } from '@cardline/platform';
import { createLedger, loadLedgerConfig } from './ledger';

void runService(telemetry, loadLedgerConfig, createLedger);
