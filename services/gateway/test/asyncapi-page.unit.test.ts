import fs from 'node:fs';
import express from 'express';
import YAML from 'yaml';
import { catalog, consumerGroups, topicDeclarations } from '@cardline/schemas';
import { ASYNCAPI_FILE, asyncApiRoutes, renderAsyncApiPage } from '../src/asyncapi-page';
import { channelsOf, exampleOf, typeText, type AsyncApiDoc } from '../src/asyncapi-model';

const doc = YAML.parse(fs.readFileSync(ASYNCAPI_FILE, 'utf8')) as AsyncApiDoc;
const page = renderAsyncApiPage(doc);
const section = (id: string): string => {
  const at = page.indexOf(`id="${id}"`);
  return at < 0 ? '' : page.slice(at, page.indexOf('</section>', at));
};

describe('the event contracts page', () => {
  it.each(topicDeclarations().map((t) => [t.name, t] as const))('shows topic %s', (name, t) => {
    expect(page).toContain(`id="channel-${name}"`);
    expect(page).toContain(`href="#channel-${name}"`);
    if (t.kind === 'events')
      for (const w of t.writers) expect(section(`channel-${name}`)).toContain(`${w} publishes to ${name}`);
  });

  it.each(catalog.map((e) => [e.type, e] as const))(
    'shows event type %s with its fields, example and owner',
    (type, e) => {
      const s = section(`message-${type}`);
      expect(s).toContain(`<h4>${type}</h4>`);
      for (const f of e.schema.fields) expect(s).toContain(`<code>${f.name}</code>`);
      expect(s).toContain('example payload');
      expect(s).toMatch(/<dt>owning service<\/dt><dd>[a-z]+/);
      expect(s).toContain(e.subject);
    },
  );

  it('names every consuming group beside the topic it reads', () => {
    for (const g of consumerGroups)
      for (const topic of g.topics)
        expect(section(`channel-${topic}`)).toContain(`(group ${g.group}) consumes ${topic}`);
  });

  it('loads nothing from elsewhere: no script, no CDN, one stylesheet of its own', () => {
    expect(page).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)[^"<\s]*\.(js|css)/);
    expect(page).toContain('href="/asyncapi/style.css"');
  });

  it('says a field type as a reader does', () => {
    expect(typeText({ type: 'long', logicalType: 'timestamp-millis' })).toBe('long (timestamp-millis)');
    expect(typeText(['null', 'string'])).toBe('null | string');
    expect(typeText({ type: 'enum', name: 'S', symbols: ['A', 'B'] } as never)).toBe('enum: A | B');
    expect(
      exampleOf({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
          { name: 'n', type: ['null', 'int'] },
        ],
      } as never),
    ).toEqual({
      at: Date.UTC(2026, 0, 15, 9, 30),
      n: 1,
    });
  });

  it('serves the page, its stylesheet and the document', async () => {
    const app = express().use(asyncApiRoutes());
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    try {
      const get = (p: string) => fetch(`http://127.0.0.1:${port}${p}`);
      const html = await get('/asyncapi');
      expect(html.headers.get('content-type')).toMatch(/text\/html/);
      expect(await html.text()).toBe(page);
      expect((await get('/asyncapi/style.css')).headers.get('content-type')).toMatch(/text\/css/);
      const json = (await (await get('/asyncapi.json')).json()) as AsyncApiDoc & { asyncapi: string };
      expect(json.asyncapi).toBe('3.0.0');
      expect(channelsOf(json).length).toBe(topicDeclarations().length);
    } finally {
      server.close();
    }
  });
});
