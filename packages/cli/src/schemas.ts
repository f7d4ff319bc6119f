import fs from 'node:fs';
import path from 'node:path';
import { settings, type Settings } from './settings';
import { diffSchemas } from './schema-diff';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const schemasDir = path.resolve(__dirname, '../../schemas');

async function registry<T>(s: Settings, p: string): Promise<T> {
  const r = await fetch(`${s.registryUrl}${p}`, { headers: { accept: CONTENT_TYPE } });
  if (!r.ok) throw new Error(`registry ${p}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

type Avro = {
  name: string;
  namespace?: string;
  fields?: { name: string; type: unknown; default?: unknown }[];
};
const fullName = (a: Avro) => (a.name.includes('.') || !a.namespace ? a.name : `${a.namespace}.${a.name}`);

/** Every .avsc under dir, by the record's full name. */
export function schemaFiles(dir: string): Map<string, { file: string; schema: Avro }> {
  const out = new Map<string, { file: string; schema: Avro }>();
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.avsc')) continue;
    const file = path.join(e.parentPath, e.name);
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Avro;
    out.set(fullName(schema), { file, schema });
  }
  return out;
}

/** The newest folder of packages/schemas/released (v0.1.0, …). */
export function latestRelease(dir = path.join(schemasDir, 'released')): string | null {
  const versions = fs
    .readdirSync(dir)
    .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.slice(1).localeCompare(b.slice(1), undefined, { numeric: true }));
  return versions.length ? path.join(dir, versions[versions.length - 1] as string) : null;
}

export async function list(s: Settings = settings()): Promise<string[]> {
  const subjects = (await registry<string[]>(s, '/subjects')).sort();
  for (const subject of subjects) process.stdout.write(`${subject}\n`);
  return subjects;
}

interface Latest {
  subject: string;
  version: number;
  id: number;
  schema: string;
}

export async function show(subject: string, s: Settings = settings()): Promise<Latest> {
  const latest = await registry<Latest>(s, `/subjects/${encodeURIComponent(subject)}/versions/latest`);
  process.stdout.write(`${JSON.stringify({ ...latest, schema: JSON.parse(latest.schema) }, null, 2)}\n`);
  return latest;
}

/** The registry's latest version of `subject` against the repo's schema and the last released one. */
export async function diff(subject: string, s: Settings = settings()) {
  const latest = await registry<Latest>(s, `/subjects/${encodeURIComponent(subject)}/versions/latest`);
  const registered = JSON.parse(latest.schema) as Avro;
  const name = fullName(registered);
  const repo = schemaFiles(path.join(schemasDir, 'avro')).get(name);
  const releaseDir = latestRelease();
  const released = releaseDir ? schemaFiles(releaseDir).get(name) : undefined;
  const result = {
    subject,
    record: name,
    registryVersion: latest.version,
    againstRepo: repo ? diffSchemas(registered, repo.schema) : null,
    againstRelease: released ? diffSchemas(released.schema, registered) : null,
    release: releaseDir ? path.basename(releaseDir) : null,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}
