#!/usr/bin/env node
import { telemetry } from './instrument'; // first, so tracing patches http/express (see instrument.ts)
import { runService } from '@cardline/platform';
import { createCollections, loadCollectionsConfig } from './collections';

void runService(telemetry, loadCollectionsConfig, createCollections);
