import fs from 'node:fs';
import path from 'node:path';
import * as contracts from '../scripts/lib/contracts';
import { catalog, consumerGroups, services, topicDeclarations } from '../src';

// services.json is the one list of services (docs/architecture.md, "Adding a
// service"); what it says must agree with topics.json and the repository.
const root = path.resolve(contracts.PACKAGE_DIR, '..', '..');
const file = contracts.loadServicesFile();
const declared = topicDeclarations().filter((t) => t.kind === 'events');
const names = services.map((s) => s.name);
const ownersOf = (topic: string) =>
  services.filter((s) => [...s.topics.events, ...s.topics.commands].includes(topic)).map((s) => s.name);

describe('services.json', () => {
  it('names each service once, after its folder under services/', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const name of names)
      expect({ name, folder: fs.existsSync(path.join(root, 'services', name, 'package.json')) }).toEqual({
        name,
        folder: true,
      });
  });

  it('gives every service its own npm start port, none the gateway’s', () => {
    const ports = [file.gateway.port, ...services.map((s) => s.port)];
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) expect(Number.isInteger(p) && p > 1024 && p < 65536).toBe(true);
  });

  it('routes /<name> to each service, its URL in its own <NAME>_URL setting', () => {
    // The merged OpenAPI prefixes each service's paths with its name
    // (services/gateway/src/openapi.ts), so the prefix must be the name.
    for (const s of services) expect([s.name, s.gateway.prefix]).toEqual([s.name, `/${s.name}`]);
    const envs = services.map((s) => s.gateway.urlEnv);
    expect(new Set(envs).size).toBe(envs.length);
    for (const env of envs) expect(env).toMatch(/^[A-Z][A-Z0-9_]*_URL$/);
  });

  it('declares as owned exactly the topics topics.json gives the service', () => {
    for (const s of services)
      for (const topic of [...s.topics.events, ...s.topics.commands])
        expect({ service: s.name, topic, owner: declared.find((t) => t.name === topic)?.owner }).toEqual({
          service: s.name,
          topic,
          owner: s.name,
        });
    for (const t of declared)
      expect({ topic: t.name, owners: ownersOf(t.name) }).toEqual({ topic: t.name, owners: [t.owner] });
  });

  it('calls a topic a command channel exactly when others write it', () => {
    for (const s of services) {
      for (const topic of s.topics.events)
        expect({ topic, writers: declared.find((t) => t.name === topic)?.writers }).toEqual({
          topic,
          writers: [s.name],
        });
      for (const topic of s.topics.commands)
        expect({
          topic,
          ownerWrites: declared.find((t) => t.name === topic)?.writers.includes(s.name),
        }).toEqual({
          topic,
          ownerWrites: false,
        });
    }
  });

  it('owns only topics that carry event types, and every consumer group belongs to a declared service', () => {
    const carried = new Set(catalog.map((e) => e.topic));
    for (const s of services)
      for (const topic of [...s.topics.events, ...s.topics.commands])
        expect({ topic, carried: carried.has(topic) }).toEqual({ topic, carried: true });
    for (const g of consumerGroups)
      expect({ group: g.group, declared: names.includes(g.service) }).toEqual({
        group: g.group,
        declared: true,
      });
  });

  it('rejects a service declared twice', () => {
    const twice = { ...file, services: [...file.services, ...file.services.slice(0, 1)] };
    expect(() => contracts.serviceDeclarations(twice)).toThrow('service ledger declared twice');
  });
});
