import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** One file the dashboard serves: its bytes and Content-Type. */
export interface DashboardAsset {
  body: Buffer;
  type: string;
}

/**
 * The app's source, found from this module in both layouts: src/surfaces/web/assets.ts and the compiled
 * dist/surfaces/web/assets.js are three levels below the package root, and the package ships src/.
 */
const APP_DIR = resolve(import.meta.dirname, '../../../src/surfaces/web/app');

let cached: Promise<Map<string, DashboardAsset>> | null = null;

/**
 * The single-page app, bundled in memory by esbuild the first time it is asked for and kept for the life of the
 * process, so a fresh clone serves the dashboard without a build step. Keys are URL paths: `/index.html` and the
 * content-hashed `/assets/app-<hash>.js` and `.css` it links (hashed names can be cached forever).
 */
export function dashboardAssets(): Promise<Map<string, DashboardAsset>> {
  cached ??= bundle().catch((error: unknown) => {
    cached = null; // a failed build is retried on the next request rather than cached
    throw error;
  });
  return cached;
}

async function bundle(): Promise<Map<string, DashboardAsset>> {
  const result = await build({
    entryPoints: { app: resolve(APP_DIR, 'main.tsx') },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: '/assets',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, DashboardAsset>();
  const links: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const ext = file.path.endsWith('.css') ? 'css' : 'js';
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
    const path = `/assets/app-${hash}.${ext}`;
    links[ext] = path;
    assets.set(path, { body: Buffer.from(file.contents), type: CONTENT_TYPES[ext] });
  }
  assets.set(FAVICON_PATH, { body: Buffer.from(FAVICON), type: CONTENT_TYPES.svg });
  assets.set('/index.html', { body: Buffer.from(indexHtml(links.js, links.css)), type: CONTENT_TYPES.html });
  return assets;
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Linked from the page so the browser does not ask for /favicon.ico. */
const FAVICON_PATH = '/assets/favicon.svg';
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f5fbf"/>' +
  '<path d="M10 21c1.5 1.4 3.6 2 6 2 3.3 0 5.5-1.6 5.5-4.1 0-5.2-10.4-3.3-10.4-8.2C11.1 8.4 13 7 15.8 7c2 0 3.7.6 5 1.7" ' +
  'fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>';

/** No inline script or style: the page runs under script-src/style-src 'self'. */
function indexHtml(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Steward</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="${script}"></script>
</head>
<body>
<noscript>The Steward dashboard needs JavaScript.</noscript>
<div id="app"></div>
</body>
</html>
`;
}
