import type { FastifyInstance } from 'fastify';
import type { EntraTenantData } from '../../estate/types.js';
import { graphError } from '../graph-errors.js';
import { type Served, sendPage } from '../served.js';
import { asIs } from '../views.js';

/**
 * appCredentialSignInActivity entries derived from the estate: an application that signed in as a client did so
 * with its newest secret or certificate (the one a deployment would hold), dated as its last client sign-in.
 */
export function credentialSignIns(data: EntraTenantData) {
  const signIns = new Map(data.signInActivities.map((a) => [a.appId, a]));
  const spByAppId = new Map(data.servicePrincipals.map((sp) => [sp.appId, sp]));
  return data.applications.flatMap((app) => {
    const a = signIns.get(app.appId);
    const at =
      a?.applicationAuthenticationClientSignInActivity.lastSignInDateTime ??
      a?.delegatedClientSignInActivity.lastSignInDateTime;
    const newest = [
      ...app.passwordCredentials.map((c) => ({ ...c, keyType: 'clientSecret', keyUsage: 'verify' })),
      ...app.keyCredentials.map((c) => ({ ...c, keyType: 'certificate', keyUsage: 'verify' })),
    ].sort((x, y) => String(y.startDateTime).localeCompare(String(x.startDateTime)))[0];
    if (!a || !at || !newest) return [];
    return [
      {
        id: Buffer.from(`${newest.keyId}|application`).toString('base64'),
        keyId: newest.keyId,
        keyType: newest.keyType,
        keyUsage: newest.keyUsage,
        appId: app.appId,
        appObjectId: app.id,
        servicePrincipalObjectId: spByAppId.get(app.appId)?.id ?? null,
        resourceId: null,
        credentialOrigin: 'application',
        createdDateTime: newest.startDateTime,
        expirationDateTime: newest.endDateTime,
        signInActivity: { lastSignInDateTime: at, lastSignInRequestId: a.lastSignInActivity.lastSignInRequestId },
      },
    ];
  });
}

/** Sign-in activity per service principal and per credential are beta reports only; v1.0 answers as Graph does. */
export function reportRoutes(app: FastifyInstance, s: Served): void {
  app.get('/beta/reports/servicePrincipalSignInActivities', async (req, reply) =>
    sendPage(s, req, reply, 'beta', 'reports/servicePrincipalSignInActivities', s.tenant.data.signInActivities, asIs),
  );
  app.get('/beta/reports/appCredentialSignInActivities', async (req, reply) =>
    sendPage(s, req, reply, 'beta', 'reports/appCredentialSignInActivities', credentialSignIns(s.tenant.data), asIs),
  );
  for (const report of ['servicePrincipalSignInActivities', 'appCredentialSignInActivities'])
    app.get(`/v1.0/reports/${report}`, async (req, reply) =>
      graphError(req, reply, 400, 'BadRequest', `Resource not found for the segment '${report}'.`),
    );
}
