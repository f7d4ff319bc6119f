import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { problems, type Logger } from '@cardline/platform';
import type { Sandbox } from './sandbox';
import { SandboxApi, seed } from './seed';
import { occurrencesOf, type CallRecord } from './evidence';
import { scoreRun } from './scoring';
import { linesSaid } from './script';
import { holdsSandbox, type RunRecord } from './runs';
import { scenarioById } from './scenarios';
import type { FactId, Scenario, Text } from './scenarios/scenario';

/** What the trainee's screen shows of a run: the customer, what they said, and at the end the score. */
export interface RunView {
  runId: string;
  scenarioId: string;
  trainee: string;
  status: RunRecord['status'];
  customerId?: string;
  accountId?: string;
  simulatedNow: string;
  timeZone: string;
  lines: Text[];
  score?: RunRecord['score'];
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

const zoneOf = (run: RunRecord, scenario: Scenario): string => run.seeded?.timeZone ?? scenario.timeZone;

/** An audit record is written within 250 ms of the call (packages/platform/src/http/audit-trail.ts). */
const AUDIT_FLUSH_MS = 800;
/** Seconds to wait for a fact the sandbox's services derive from each other's events. */
const FACT_SETTLE_TRIES = 10;

/**
 * Plays scenarios in the sandbox: seeds the customer, runs the simulated
 * clock in real time during the call, says the customer's lines as the
 * trainee's calls appear in the services' audit trails, and scores the run
 * from those records and the sandbox's state (docs/adr/0033-console-training-mode.md).
 */
export class Runner {
  private readonly api: Pick<SandboxApi, 'call' | 'moveClocks'>;
  private ticking: NodeJS.Timeout | null = null;
  private readonly factSettleTries: number;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly runs: mongo.Collection<RunRecord>,
    private readonly mongo: mongo.MongoClient,
    private readonly logger: Logger,
    /** A test's own API in place of the sandbox gateway's, and how long facts get to settle. */
    o: { api?: Pick<SandboxApi, 'call' | 'moveClocks'>; factSettleTries?: number } = {},
  ) {
    this.api =
      o.api ??
      new SandboxApi(`http://127.0.0.1:${sandbox.gateway.port}`, {
        ...sandbox.auth,
        SERVICE_NAME: 'training',
      });
    this.factSettleTries = o.factSettleTries ?? FACT_SETTLE_TRIES;
  }

  async start(scenarioId: string, trainee: string): Promise<RunView> {
    const scenario = scenarioById(scenarioId);
    if (!scenario) throw problems.notFound(`no scenario ${scenarioId}`);
    const now = Date.now();
    const busy = await this.runs.find({ status: { $in: ['SEEDING', 'READY'] } }).toArray();
    const holder = busy.find((r) => holdsSandbox(r, now));
    if (holder)
      throw problems.conflict(
        `run ${holder._id} (${holder.trainee}) holds the sandbox until it is finished or 30 minutes old`,
        { runId: holder._id },
      );
    const run: RunRecord = {
      _id: randomUUID().slice(0, 8),
      scenarioId,
      trainee,
      status: 'SEEDING',
      createdAt: new Date(now),
    };
    await this.runs.insertOne(run);
    void this.seedRun(run, scenario);
    return this.view(run, scenario, []);
  }

  private async seedRun(run: RunRecord, scenario: Scenario): Promise<void> {
    try {
      const seeded = await seed(this.api, scenario, run._id, {
        services: this.sandbox.services.filter((s) => s.simulated).map((s) => s.name),
        now: () => this.sandbox.now(),
      });
      const anchor = { wall: Date.now(), simulated: this.sandbox.now().getTime() };
      await this.runs.updateOne(
        { _id: run._id },
        { $set: { status: 'READY', seeded, anchor, startedAt: new Date(anchor.wall) } },
      );
      this.tick(anchor);
    } catch (err) {
      this.logger.error({ err, run: run._id }, 'seeding a training run failed');
      await this.runs.updateOne(
        { _id: run._id },
        { $set: { status: 'FAILED', error: (err as Error).message } },
      );
    }
  }

  /** The simulated clock runs in real time from the call's start. */
  private tick(anchor: { wall: number; simulated: number }): void {
    if (this.ticking) clearInterval(this.ticking);
    this.ticking = setInterval(() => {
      this.sandbox.setClock(new Date(anchor.simulated + (Date.now() - anchor.wall)));
    }, 1000);
    this.ticking.unref();
  }

  async get(runId: string, asker: { subject: string; supervisor: boolean }): Promise<RunView> {
    const run = await this.own(runId, asker);
    const scenario = this.scenarioOf(run);
    return this.view(run, scenario, run.status === 'READY' ? await this.calls(run) : []);
  }

  async finish(runId: string, asker: { subject: string; supervisor: boolean }): Promise<RunView> {
    const run = await this.own(runId, asker);
    const scenario = this.scenarioOf(run);
    if (run.status !== 'READY' || !run.anchor || !run.startedAt)
      throw problems.conflict(`run ${runId} is ${run.status}`, { currentStatus: run.status });
    const { anchor, startedAt } = run;
    await new Promise((r) => setTimeout(r, AUDIT_FLUSH_MS));
    const records = await this.calls(run);
    const occurrences = occurrencesOf(scenario.steps, records, anchor, zoneOf(run, scenario));
    const score = scoreRun(
      scenario.steps,
      occurrences,
      await this.settledFacts(run, scenario),
      startedAt.getTime(),
    );
    const finishedAt = new Date();
    await this.runs.updateOne({ _id: runId }, { $set: { status: 'SCORED', score, finishedAt } });
    if (this.ticking) clearInterval(this.ticking);
    this.ticking = null;
    return this.view({ ...run, status: 'SCORED', score, finishedAt }, scenario, records);
  }

  /** Runs for supervisors, newest first; `trainee` narrows them to one. */
  async list(trainee?: string): Promise<RunView[]> {
    const runs = await this.runs
      .find(trainee ? { trainee } : {})
      .sort({ createdAt: -1 })
      .limit(100)
      .toArray();
    return runs.flatMap((r) => {
      const s = scenarioById(r.scenarioId);
      return s ? [this.view(r, s, [])] : [];
    });
  }

  private async own(runId: string, asker: { subject: string; supervisor: boolean }): Promise<RunRecord> {
    const run = await this.runs.findOne({ _id: runId });
    if (!run || (run.trainee !== asker.subject && !asker.supervisor))
      throw problems.notFound(`no run ${runId}`);
    return run;
  }

  private scenarioOf(run: RunRecord): Scenario {
    const s = scenarioById(run.scenarioId);
    if (!s) throw problems.notFound(`the scenario ${run.scenarioId} of run ${run._id} is gone`);
    return s;
  }

  /** The trainee's calls since the run began, from every sandbox service's audit trail. */
  private async calls(run: RunRecord): Promise<CallRecord[]> {
    if (!run.startedAt) return [];
    const end = run.finishedAt ?? new Date();
    const found = await Promise.all(
      this.sandbox.services.map((s) =>
        this.mongo
          .db(s.db)
          .collection<CallRecord & { subject: string }>('audit_trail')
          .find(
            { subject: run.trainee, at: { $gte: run.startedAt, $lte: end } },
            { projection: { service: 1, method: 1, route: 1, status: 1, at: 1 } },
          )
          .toArray(),
      ),
    );
    return found.flat().sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /**
   * The facts, given the services a moment to follow each other's events (a
   * fraud report reaches disputes over Kafka): asked again while one is missing.
   */
  private async settledFacts(run: RunRecord, scenario: Scenario): Promise<Set<FactId>> {
    const wanted = scenario.steps.flatMap((s) => (s.evidence.kind === 'fact' ? [s.evidence.fact] : []));
    let facts = await this.facts(run);
    for (let i = 0; i < this.factSettleTries && wanted.some((f) => !facts.has(f)); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      facts = await this.facts(run);
    }
    return facts;
  }

  /** What the sandbox's state shows at the end, asked of its API. */
  private async facts(run: RunRecord): Promise<Set<FactId>> {
    const out = new Set<FactId>();
    const s = run.seeded;
    if (!s) return out;
    const disputes =
      (
        await this.api.call<{ items?: { kind?: string; reason?: string }[] }>(
          'GET',
          `/disputes/v1/disputes?accountId=${encodeURIComponent(s.accountId)}`,
          'supervisor',
        )
      ).items ?? [];
    if (disputes.some((d) => d.kind === 'FRAUD')) out.add('fraudDisputesOpened');
    if (disputes.some((d) => d.reason === 'LATE_FEE')) out.add('lateFeeDisputed');
    // Sales keeps a consent record only for an enrolment whose every element was given (docs/adr/0017-sales-domain-rules.md).
    const consents = await this.api.call<{ items?: { soldBy?: { id?: string } }[] }>(
      'GET',
      `/sales/v1/consent-records?customerId=${encodeURIComponent(s.customerId)}`,
      'admin',
    );
    if ((consents.items ?? []).some((r) => r.soldBy?.id === run.trainee)) out.add('enrolled');
    return out;
  }

  private view(run: RunRecord, scenario: Scenario, records: CallRecord[]): RunView {
    const occurrences =
      run.anchor && run.startedAt
        ? occurrencesOf(scenario.steps, records, run.anchor, zoneOf(run, scenario))
        : [];
    return {
      runId: run._id,
      scenarioId: run.scenarioId,
      trainee: run.trainee,
      status: run.status,
      ...(run.seeded && { customerId: run.seeded.customerId, accountId: run.seeded.accountId }),
      simulatedNow: this.sandbox.now().toISOString(),
      timeZone: zoneOf(run, scenario),
      lines: run.startedAt ? linesSaid(scenario.script, occurrences, run.startedAt.getTime()) : [],
      ...(run.score && { score: run.score }),
      ...(run.error && { error: run.error }),
      createdAt: run.createdAt.toISOString(),
      ...(run.finishedAt && { finishedAt: run.finishedAt.toISOString() }),
    };
  }
}
