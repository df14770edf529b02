import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

/** Sent with every response: the dashboard needs nothing from elsewhere and no inline script or style. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

interface Asset {
  body: Buffer;
  type: string;
}

/** The dashboard's files (src/surfaces/web/assets.ts), loaded on first use; null when it is not there or fails. */
async function assets(): Promise<Map<string, Asset> | null> {
  try {
    const web = (await import('../web/assets.js')) as { dashboardAssets(): Promise<Map<string, Asset>> };
    return await web.dashboardAssets();
  } catch (error) {
    process.stderr.write(`steward serve: the dashboard could not be built: ${(error as Error).message}\n`);
    return null;
  }
}

/**
 * GET of any non-API path: the asset at that path, else the SPA's index.html (its router takes the path). Hashed
 * assets are immutable; index.html is revalidated so a new build is picked up.
 */
export async function serveDashboard(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url}`));
  const files = await assets();
  if (!files) return reply.code(404).send(errorBody('not_found', 'the dashboard is not available in this build'));
  const path = request.url.split(/[?#]/)[0];
  const asset = files.get(path);
  if (asset) {
    reply.header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.type(asset.type).send(asset.body);
  }
  if (path.startsWith('/assets/')) return reply.code(404).send(errorBody('not_found', `no asset ${path}`));
  const index = files.get('/index.html');
  if (!index) return reply.code(404).send(errorBody('not_found', 'the dashboard has no index.html'));
  reply.header('cache-control', 'no-cache');
  return reply.type(index.type).send(index.body);
}
