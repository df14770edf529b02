import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SalesforceToolingTables, SfRecord } from '../../estate/types.js';
import { invalidType, malformedQuery, sfError } from '../http.js';
import { renderRecord } from '../render.js';
import { type SoqlQuery, parseSoql, select } from '../soql.js';
import type { EmulatorState } from '../state.js';

const VERSION = /^v\d{2}\.0$/;
const UNINSTALL = 'SubscriberPackageVersionUninstallRequest';

/** Tooling records' `attributes.url` is under /tooling/sobjects/. */
function toolingRecord(record: Record<string, unknown>): Record<string, unknown> {
  const attributes = record.attributes as { url?: string };
  if (attributes.url) attributes.url = attributes.url.replace('/sobjects/', '/tooling/sobjects/');
  return record;
}

const toolingTable = (s: EmulatorState, object: string): SfRecord[] | null =>
  object in s.data.tooling ? s.data.tooling[object as keyof SalesforceToolingTables] : null;

/**
 * Uninstalling a package removes its components (Packaging Guide, "Uninstall a Connected App": "the access and
 * refresh tokens of all the app's users are removed"): its connected apps, their App Launcher items and every
 * OAuth token of those apps, and the installed package row.
 */
function uninstall(s: EmulatorState, pkg: SfRecord): void {
  const namespace = (pkg.SubscriberPackage as { NamespacePrefix?: string } | null)?.NamespacePrefix;
  const t = s.data.tables;
  const items = t.AppMenuItem.filter((m) => m.NamespacePrefix === namespace);
  const itemIds = new Set(items.map((m) => m.Id));
  const apps = new Set(items.map((m) => m.ApplicationId).filter((a): a is string => typeof a === 'string'));
  t.OauthToken = t.OauthToken.filter((r) => !itemIds.has(String(r.AppMenuItemId)));
  t.ConnectedApplication = t.ConnectedApplication.filter((a) => !apps.has(String(a.Id).slice(0, 15)));
  t.AppMenuItem = t.AppMenuItem.filter((m) => !itemIds.has(m.Id));
  s.data.tooling.InstalledSubscriberPackage = s.data.tooling.InstalledSubscriberPackage.filter((p) => p !== pkg);
}

/**
 * The Tooling API routes the package-uninstall action uses (Tooling API Reference: InstalledSubscriberPackage,
 * SubscriberPackageVersionUninstallRequest): GET /tooling/query?q= (one page: the tables are small), POST
 * /tooling/sobjects/SubscriberPackageVersionUninstallRequest {SubscriberPackageVersionId} (201 {id, success,
 * errors}; the emulator completes the uninstall at once, Status Success) and GET of the request by id.
 */
export function registerToolingRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/services/data/:version/tooling/query', async (request, reply) => {
    const { version } = request.params as { version: string };
    if (!VERSION.test(version)) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    let q: SoqlQuery;
    try {
      q = parseSoql((request.query as { q?: string }).q ?? '');
    } catch (error) {
      return malformedQuery(reply, (error as Error).message);
    }
    const table = toolingTable(s, q.object);
    if (!table) return invalidType(reply, q.object);
    const rows = select(table, q);
    return {
      size: rows.length,
      totalSize: rows.length,
      done: true,
      entityTypeName: q.object,
      records: rows.map((r) => toolingRecord(renderRecord(r, q.object, q.fields, version))),
    };
  });

  app.post(`/services/data/:version/tooling/sobjects/${UNINSTALL}`, async (request, reply) => {
    let body: Record<string, unknown> | null;
    try {
      body = (typeof request.body === 'string' ? JSON.parse(request.body || '{}') : request.body) as typeof body;
    } catch (error) {
      return sfError(reply, 400, 'JSON_PARSER_ERROR', `Unexpected character: ${(error as Error).message}`);
    }
    const versionId = body?.SubscriberPackageVersionId;
    if (typeof versionId !== 'string' || versionId === '')
      return sfError(
        reply,
        400,
        'REQUIRED_FIELD_MISSING',
        'Required fields are missing: [SubscriberPackageVersionId]',
        ['SubscriberPackageVersionId'],
      );
    const pkg = s.data.tooling.InstalledSubscriberPackage.find((p) => p.SubscriberPackageVersionId === versionId);
    if (!pkg)
      return sfError(reply, 400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${versionId}`, [
        'SubscriberPackageVersionId',
      ]);
    uninstall(s, pkg);
    const id = `06y${randomBytes(8).toString('hex').slice(0, 12)}AAA`;
    s.data.tooling[UNINSTALL].push({ Id: id, SubscriberPackageVersionId: versionId, Status: 'Success' });
    return reply.code(201).send({ id, success: true, errors: [] });
  });

  app.get(`/services/data/:version/tooling/sobjects/${UNINSTALL}/:id`, async (request, reply) => {
    const { version, id } = request.params as { version: string; id: string };
    const row = s.data.tooling[UNINSTALL].find((r) => r.Id === id);
    if (!row) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return {
      attributes: { type: UNINSTALL, url: `/services/data/${version}/tooling/sobjects/${UNINSTALL}/${id}` },
      ...row,
    };
  });
}
