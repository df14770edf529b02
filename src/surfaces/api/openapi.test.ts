import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededServer } from '../../testing/api-seed.js';

let s: Awaited<ReturnType<typeof seededServer>>;
beforeAll(async () => {
  s = await seededServer();
});
afterAll(async () => s.close());

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists exactly the routes the server answers', async () => {
    const r = await s.call('GET', '/openapi.json', null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const documented = Object.entries(r.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // Every documented operation is served ...
    for (const line of documented) {
      const [method, path] = line.split(' ');
      expect({ line, served: s.app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }) }).toEqual({
        line,
        served: true,
      });
    }
    // ... and every route the server registered (but the document itself) is documented.
    const served = (s.app as unknown as { stewardRoutes: string[] }).stewardRoutes
      .filter((line) => !line.endsWith('/openapi.json'))
      .map((line) => line.replace(/:(\w+)/g, '{$1}'));
    expect(served.sort()).toEqual([...documented].sort());
    expect(documented).toContain('GET /api/v1/identities/{id}');
    expect(documented).toContain('POST /api/v1/remediation/plans/{id}/approve');
    expect(documented).toContain('POST /api/v1/reviews/{campaign}/tasks/{identityId}/attest');
    expect(documented).toContain('GET /api/v1/detections');
    expect(documented).toContain('POST /api/v1/rotations/{campaign}/plans');
    expect(documented).toHaveLength(41);
  });

  it('describes query parameters and bodies from the zod schemas', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json', null)).body;
    const list = doc.paths['/api/v1/identities'].get;
    expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 50,
    });
    const suppress = doc.paths['/api/v1/findings/{id}/suppress'].post;
    expect(suppress.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    expect(doc.paths['/api/v1/audit'].get['x-steward-role']).toBe('admin');
    const report = doc.paths['/api/v1/reviews/{campaign}/report'].get;
    expect(Object.keys(report.responses['200'].content)).toEqual(['application/json', 'text/csv', 'text/html']);
    expect(doc.paths['/api/v1/reviews'].post['x-steward-role']).toBe('analyst');
  });

  it('answers unknown API paths with the error envelope, and security headers everywhere', async () => {
    const r = await s.call('GET', '/api/v1/nothing-here', 'viewer');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/nothing-here' } });
    expect(r.headers['content-security-policy']).toBe(
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers a body that is not JSON with 400', async () => {
    const r = await s.app.inject({
      method: 'POST',
      url: '/api/v1/findings/suppress',
      headers: { authorization: `Bearer ${s.tokens.analyst}`, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('bad_request');
  });
});
