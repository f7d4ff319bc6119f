import type { Admin } from 'kafkajs';
import { topicDeclarations } from '@cardline/schemas';
import { createSandboxTopics } from '../src/topics';
import { holdsSandbox, RUN_TIMEOUT_MS } from '../src/runs';

// sandbox.ts's names without loading the services (it imports their wiring).
const sandboxDb = (service: string, instance?: string) =>
  `${service}_${instance ? `${instance}_` : ''}training`;

describe('the sandbox’s own copy of the platform', () => {
  it('creates every declared events topic under its prefix, one partition each, and only the missing ones', async () => {
    const created: { topic: string; numPartitions: number }[][] = [];
    const admin = {
      listTopics: async () => ['training.ledger.account', 'ledger.account'],
      createTopics: async (o: { topics: { topic: string; numPartitions: number }[] }) => {
        created.push(o.topics);
        return true;
      },
    } as unknown as Admin;
    const missing = await createSandboxTopics(admin, 'training');
    const declared = topicDeclarations().filter((t) => t.kind === 'events');
    expect(missing).toHaveLength(declared.length - 1);
    expect(missing.every((t) => t.startsWith('training.'))).toBe(true);
    expect(missing).not.toContain('training.ledger.account');
    expect(created[0]?.every((t) => t.numPartitions === 1)).toBe(true);
  });

  it('names databases the platform accepts for the sandbox', () => {
    expect(sandboxDb('ledger')).toMatch(/_training$/);
    expect(sandboxDb('ledger', 't1a2b3c4d')).toBe('ledger_t1a2b3c4d_training');
  });

  it('lets one run hold the sandbox until it is finished or abandoned', () => {
    const at = new Date(0);
    expect(holdsSandbox({ status: 'SEEDING', createdAt: at }, 1)).toBe(true);
    expect(holdsSandbox({ status: 'READY', createdAt: at }, RUN_TIMEOUT_MS - 1)).toBe(true);
    expect(holdsSandbox({ status: 'READY', createdAt: at }, RUN_TIMEOUT_MS)).toBe(false);
    expect(holdsSandbox({ status: 'SCORED', createdAt: at }, 1)).toBe(false);
    expect(holdsSandbox({ status: 'FAILED', createdAt: at }, 1)).toBe(false);
  });
});
