import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against an OpenAPI 3.1 document: the status is one
 * the operation documents, the content type one that status documents, the
 * body valid against its schema (JSON Schema 2020-12, formats included) and
 * every required header present. A method the path does not serve must be the
 * 405 of components.responses.MethodNotAllowed with the path's methods in
 * `Allow`; a path the document does not have, a 404 problem.
 */

export interface ObservedResponse {
  method: string;
  /** As called, e.g. /cards/v1/cards/crd_1/freeze; a query is ignored. */
  path: string;
  status: number;
  /** The Content-Type header, '' when there is none. */
  contentType: string;
  /** Parsed JSON; the text when it is not JSON; null when empty. */
  body: unknown;
  header(name: string): string | null;
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema?: unknown }>;
}

interface Operation {
  responses?: Record<string, ResponseObject>;
}

export interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, ResponseObject> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DOC_ID = 'https://cardline.test/openapi.json';
/** What a path outside the document answers: the 404 of the app's last handler. */
const PROBLEM: ResponseObject = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; pattern: RegExp; params: number }[];
  private readonly seen = new Set<string>();
  /** Every response checked: operation, status and what was wrong (empty when nothing). */
  readonly log: { operation: string; status: number; problems: string[] }[] = [];

  constructor(private readonly doc: OpenApiDoc) {
    addFormats(this.ajv);
    // Component schemas become $defs of one schema, so that refs between them resolve.
    const defs = JSON.parse(
      JSON.stringify(doc.components?.schemas ?? {}).replace(
        /"#\/components\/schemas\/([^"]+)"/g,
        (_m, name: string) => `"${DOC_ID}#/$defs/${name}"`,
      ),
    ) as Record<string, unknown>;
    this.ajv.addSchema({ $id: DOC_ID, $defs: defs });
    this.templates = Object.keys(doc.paths ?? {})
      .map((path) => ({
        path,
        pattern: new RegExp(
          `^${path
            .split(/\{[^}]+\}/)
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}/?$`,
        ),
        params: (path.match(/\{/g) ?? []).length,
      }))
      // A literal segment wins over a parameter: /v1/admin/clock before /v1/admin/{x}.
      .sort((a, b) => a.params - b.params);
  }

  /** What the document does not allow in this response; empty when it matches. */
  check(r: ObservedResponse): string[] {
    const problems = this.problems(r);
    const tpl = this.templateOf(r.path);
    const operation = `${r.method.toUpperCase()} ${tpl ?? r.path}`;
    if (tpl && this.operation(tpl, r.method)) this.seen.add(operation);
    this.log.push({ operation, status: r.status, problems });
    return problems;
  }

  /** Documented operations ('GET /v1/cards/{cardId}') no checked response answered. */
  unchecked(): string[] {
    return Object.entries(this.doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`)
        .filter((op) => !this.seen.has(op)),
    );
  }

  private problems(r: ObservedResponse): string[] {
    const where = `${r.method.toUpperCase()} ${r.path} → ${r.status}`;
    const tpl = this.templateOf(r.path);
    if (!tpl) {
      if (r.status !== 404) return [`${where}: the document has no path ${r.path}`];
      return this.against(where, r, PROBLEM, 'unknown path');
    }
    const op = this.operation(tpl, r.method);
    if (!op) {
      if (r.status !== 405)
        return [`${where}: ${r.method} is not documented on ${tpl}, so it must answer 405`];
      const allow = this.allowed(tpl);
      const got = (r.header('allow') ?? '').split(',').map((m) => m.trim());
      const shared = this.doc.components?.responses?.MethodNotAllowed;
      if (!shared) return [`${where}: components.responses.MethodNotAllowed is missing`];
      return [
        ...(JSON.stringify([...got].sort()) === JSON.stringify([...allow].sort())
          ? []
          : [`${where}: Allow is "${r.header('allow')}", the document serves ${allow.join(', ')}`]),
        ...this.against(where, r, shared, `405 ${tpl}`),
      ];
    }
    const documented = op.responses?.[String(r.status)];
    if (!documented)
      return [
        `${where}: ${r.status} is not documented for ${r.method.toUpperCase()} ${tpl} (documented: ${Object.keys(op.responses ?? {}).join(', ')})`,
      ];
    return this.against(where, r, documented, `${r.method} ${tpl} ${r.status}`);
  }

  /** The body, content type and headers of a response against a documented response object. */
  private against(where: string, r: ObservedResponse, documented: ResponseObject, key: string): string[] {
    const res = this.resolve(documented);
    const out: string[] = [];
    for (const [name, h] of Object.entries(res.headers ?? {}))
      if (h.required && r.header(name) === null) out.push(`${where}: header ${name} is missing`);
    // A HEAD answer has the headers of the GET and no body.
    if (r.method.toUpperCase() === 'HEAD') return out;
    const content = res.content ?? {};
    const media = r.contentType.split(';')[0]?.trim() ?? '';
    if (Object.keys(content).length === 0) {
      if (r.body !== null && r.body !== '') out.push(`${where}: a body where the document has none`);
      return out;
    }
    const declared = content[media];
    if (!declared) {
      out.push(`${where}: content type "${media}", the document has ${Object.keys(content).join(', ')}`);
      return out;
    }
    const validate = this.validator(`${key} ${media}`, declared.schema ?? {});
    if (!validate(r.body))
      out.push(
        ...(validate.errors ?? []).map(
          (e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
        ),
      );
    return out;
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replace(
          /"#\/components\/schemas\/([^"]+)"/g,
          (_m, name: string) => `"${DOC_ID}#/$defs/${name}"`,
        ),
      ) as object;
      v = this.ajv.compile(rewritten);
      this.validators.set(key, v);
    }
    return v;
  }

  private resolve(r: ResponseObject): ResponseObject {
    const m = /^#\/components\/responses\/(.+)$/.exec(r.$ref ?? '');
    if (!m?.[1]) return r;
    const target = this.doc.components?.responses?.[m[1]];
    if (!target) throw new Error(`unresolved ${r.$ref}`);
    return this.resolve(target);
  }

  private templateOf(path: string): string | undefined {
    const bare = path.split('?')[0] ?? path;
    return this.templates.find((t) => t.pattern.test(bare))?.path;
  }

  private operation(tpl: string, method: string): Operation | undefined {
    const m = method.toLowerCase();
    const item = this.doc.paths?.[tpl] ?? {};
    // express answers HEAD with the GET route.
    return (item[m] ?? (m === 'head' ? item.get : undefined)) as Operation | undefined;
  }

  /** The Allow a path answers 405 with: its methods, HEAD with GET. */
  private allowed(tpl: string): string[] {
    const methods = Object.keys(this.doc.paths?.[tpl] ?? {})
      .filter((m) => METHODS.includes(m))
      .map((m) => m.toUpperCase());
    return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  }
}

/** An ObservedResponse from a fetch Response whose body was already read as text. */
export function observed(method: string, url: string, res: Response, text: string): ObservedResponse {
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    method,
    path: new URL(url).pathname,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body,
    header: (name) => res.headers.get(name),
  };
}
