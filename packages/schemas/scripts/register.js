#!/usr/bin/env node
// Registers every event schema under its subject (TopicRecordNameStrategy) in
// the registry at SCHEMA_REGISTRY_URL (Confluent REST API; locally Apicurio's
// ccompat API, e.g. http://127.0.0.1:18081/apis/ccompat/v7). Registering an
// already registered schema returns its existing id, so this is idempotent.
// The registry enforces compatibility (BACKWARD_TRANSITIVE): a breaking change
// fails with 409 and the registry's message.
//
//   SCHEMA_REGISTRY_URL=... node scripts/register.js
const { loadEventTypes } = require('./lib/contracts');

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const RETRY_FOR_MS = 60_000;

class RegistryError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One request, retried while the registry cannot be reached or answers 502-504
 * (it may still be starting): up to 60 s, then the last error is thrown.
 */
async function request(url, init, retryForMs = RETRY_FOR_MS) {
  const deadline = Date.now() + retryForMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (err) {
      if (Date.now() + delay > deadline)
        throw new RegistryError(
          `schema registry unreachable at ${url}: ${err.cause?.message ?? err.message}`,
          0,
        );
      await sleep(delay);
      continue;
    }
    const text = await res.text();
    if ([502, 503, 504].includes(res.status) && Date.now() + delay <= deadline) {
      await sleep(delay);
      continue;
    }
    if (!res.ok) {
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch {
        // not JSON: keep the raw body
      }
      throw new RegistryError(`${init.method} ${url}: ${res.status} ${message}`, res.status);
    }
    return JSON.parse(text);
  }
}

/** Registers one schema under a subject; returns its global id. */
async function registerSchema(baseUrl, subject, schema, { retryForMs } = {}) {
  const url = `${baseUrl.replace(/\/$/, '')}/subjects/${encodeURIComponent(subject)}/versions`;
  // Same body as the platform's registry client (schemaType defaults to AVRO), so
  // both register byte-identical schemas and get the same id.
  const body = JSON.stringify({ schema: JSON.stringify(schema) });
  const res = await request(
    url,
    { method: 'POST', headers: { 'content-type': CONTENT_TYPE }, body },
    retryForMs,
  );
  if (typeof res.id !== 'number') throw new RegistryError(`registry returned no id for ${subject}`, 500);
  return res.id;
}

/**
 * Registers every schema in packages/schemas/avro. Returns [{ type, subject, id }]
 * sorted by event type; rejects with a RegistryError (status 409 on an
 * incompatible change) on the first failure.
 */
async function registerAll({ url = process.env.SCHEMA_REGISTRY_URL, log = () => {} } = {}) {
  if (!url) throw new Error('SCHEMA_REGISTRY_URL is not set');
  const out = [];
  // One at a time: the first failure stops the run with a clear message.
  for (const e of loadEventTypes()) {
    const id = await registerSchema(url, e.subject, e.schema);
    out.push({ type: e.type, subject: e.subject, id });
    log(`${e.subject} -> ${id}`);
  }
  return out;
}

module.exports = { registerAll, registerSchema, RegistryError };

if (require.main === module) {
  registerAll({ log: (line) => console.log(line) }).catch((err) => {
    const hint =
      err.status === 409
        ? ' (incompatible with a registered version: add a field with a default, or a new major)'
        : '';
    console.error(`schema registration failed${hint}: ${err.message}`);
    process.exit(1);
  });
}
