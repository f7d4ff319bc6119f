import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import YAML from 'yaml';
import { channelsOf, type AsyncApiDoc, type ChannelView, type MessageView } from './asyncapi-model';

/** The generated document, shipped in @cardline/schemas beside its package.json. */
export const ASYNCAPI_FILE = path.join(
  path.dirname(require.resolve('@cardline/schemas/package.json')),
  'asyncapi.yaml',
);

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The documents' descriptions use `code` and **bold** only. */
const inline = (s: string): string =>
  esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^a-zA-Z0-9._-]/g, '_')}`;

function message(m: MessageView, dlq: boolean): string {
  const rows = m.fields
    .map(
      (f) => `<tr><td><code>${esc(f.name)}</code></td><td>${esc(f.type)}</td><td>${inline(f.doc)}</td></tr>`,
    )
    .join('');
  return `<section class="message" id="${anchor(dlq ? 'dead-letter' : 'message', m.id)}">
<h4>${esc(m.type)}${dlq ? ' <span class="tag">dead letter</span>' : ''}</h4>
<p>${inline(m.summary)}</p>
<dl><dt>owning service</dt><dd>${m.owners.map(esc).join(', ') || '—'}</dd>
<dt>key</dt><dd>${inline(m.key) || '—'}</dd><dt>registry subject</dt><dd><code>${esc(m.subject)}</code></dd></dl>
<table><thead><tr><th>field</th><th>type</th><th>doc</th></tr></thead><tbody>${rows}</tbody></table>
<details><summary>example payload</summary><pre>${esc(JSON.stringify(m.example, null, 2))}</pre></details>
</section>`;
}

function channel(c: ChannelView): string {
  const list = (xs: string[]) =>
    xs.length ? `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '<p>—</p>';
  return `<section class="channel" id="${anchor('channel', c.name)}">
<h3>${esc(c.name)}</h3>
<p>${inline(c.description)}${c.partitions ? ` <span class="tag">${c.partitions} partitions</span>` : ''}</p>
<div class="parties"><div><h5>publishes</h5>${list(c.publishers)}</div><div><h5>consumes</h5>${list(c.consumers)}</div></div>
${c.messages.map((m) => message(m, c.dlq)).join('\n')}
</section>`;
}

/** The whole page: events topics first, dead-letter topics after; no script, one stylesheet. */
export function renderAsyncApiPage(doc: AsyncApiDoc): string {
  const channels = channelsOf(doc);
  const events = channels.filter((c) => !c.dlq);
  const dlqs = channels.filter((c) => c.dlq);
  const toc = (cs: ChannelView[]) =>
    cs
      .map(
        (c) => `<li><a href="#${anchor('channel', c.name)}">${esc(c.name)}</a> (${c.messages.length})</li>`,
      )
      .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<link rel="stylesheet" href="/asyncapi/style.css" />
</head>
<body>
<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
${(doc.info.description ?? '')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => `<p>${inline(l.replace(/^- /, '• '))}</p>`)
  .join('\n')}
<p>The document itself: <a href="/asyncapi.json">/asyncapi.json</a> (AsyncAPI ${'3.0.0'}). The HTTP API: <a href="/docs">/docs</a>.</p></header>
<nav><h2>Topics</h2><ul>${toc(events)}</ul><details><summary>Dead-letter topics (${dlqs.length})</summary><ul>${toc(dlqs)}</ul></details></nav>
<main><h2>Event topics</h2>
${events.map(channel).join('\n')}
<h2>Dead-letter topics</h2>
${dlqs.map(channel).join('\n')}
</main>
</body>
</html>
`;
}

const style = `body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1d2430}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f6f8;padding:.75rem;overflow:auto}
.channel{border-top:2px solid #c9d1db;margin-top:2rem}.message{margin:1rem 0 1rem 1rem;padding-left:1rem;border-left:3px solid #e3e8ee}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e8ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem}dt{color:#5b6675}dd{margin:0}
.tag{background:#e3e8ee;border-radius:3px;font-size:12px;padding:0 .4rem}.parties{display:flex;gap:3rem}h5{margin:.5rem 0 0}
`;

/**
 * The event contracts for the data team, beside the API docs (issue 18,
 * item 2): `/asyncapi` renders the AsyncAPI document the schemas package
 * generates (every topic, event type, its fields, example and owning
 * service, who publishes and who consumes); `/asyncapi.json` is the
 * document. Rendered once, at the first request (a missing document fails
 * that request, never the gateway's start), on the server, with no CDN or
 * script: internal networks often have no internet.
 */
export function asyncApiRoutes(file = ASYNCAPI_FILE): Router {
  let built: { doc: AsyncApiDoc; page: string } | null = null;
  const load = () => {
    if (!built) {
      const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as AsyncApiDoc;
      built = { doc, page: renderAsyncApiPage(doc) };
    }
    return built;
  };
  const r = Router();
  r.get('/asyncapi', (_req, res) => {
    res.type('html').send(load().page);
  });
  r.get('/asyncapi.json', (_req, res) => {
    res.json(load().doc);
  });
  r.get('/asyncapi/style.css', (_req, res) => {
    res.type('text/css').send(style);
  });
  return r;
}
