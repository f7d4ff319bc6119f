import path from 'node:path';
import express, { Router } from 'express';

/** swagger-ui-dist ships the browser bundle as plain files; found through its package.json. */
const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Cardline API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A separate script rather than an inline one, so a strict Content-Security-Policy can stay on.
const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  persistAuthorization: true,
  tryItOutEnabled: true,
});
`;

/**
 * Browsable docs of the aggregated OpenAPI document: Swagger UI served from
 * the gateway itself (no CDN: internal networks often have no internet).
 * "Authorize" takes a token from `npm run token`; calls go through the gateway.
 */
export function docsRoutes(): Router {
  const r = Router();
  r.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  r.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  r.use('/docs/assets', express.static(assets, { index: false, maxAge: '1h' }));
  return r;
}
