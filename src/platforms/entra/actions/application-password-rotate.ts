import type { ApiCall, RemediationAction } from '../../../remediation/action.js';
import { applicationSecretTargets, type GraphClient, secretKeyIds, withGraph } from './graph.js';

/**
 * Rotates a client secret of an app registration in two phases. Phase 1: POST /applications/{id}/addPassword (Graph
 * returns the new secret's `secretText` in that answer only), delivered once to the plan's file. Phase 2, after the
 * grace period: POST /applications/{id}/removePassword { keyId } of the old secret. Graph has no way to disable a
 * secret, so the old one simply keeps working during the grace; undoing phase 1 removes the new one.
 */

interface CreatedPassword {
  keyId?: string;
  secretText?: string;
}

const removePassword = (client: GraphClient, applicationId: string, keyId: string) =>
  client.api(`/applications/${applicationId}/removePassword`).post({ keyId });

const listed = (keys: Set<string>, keyId: string | undefined) => (keyId && keys.has(keyId) ? 'listed' : 'not listed');

export const applicationPasswordRotate: RemediationAction = {
  id: 'entra.application-password.rotate',
  title:
    'Rotate a client secret of an app registration (new secret delivered once, old one removed after a grace period)',
  platform: 'entra',
  nativeTypes: ['application'],
  permission:
    'Application.ReadWrite.All (Microsoft Graph application permission; Application.ReadWrite.OwnedBy for apps it owns)',
  inverse: {
    none: 'the old secret is removed after the grace period and cannot be restored; until then rollback removes the new one',
  },
  // The old secret keeps working until the grace ends and its users get the new one: a rotation of a secret in use
  // is the point, so the recent-use check does not block it.
  disruptive: false,
  targets: applicationSecretTargets,
  describe: (target) => {
    const { applicationId, keyId } = target.params;
    const calls: ApiCall[] = [
      {
        method: 'POST',
        path: `/v1.0/applications/${applicationId}/addPassword`,
        body: { 'passwordCredential.displayName': `Steward rotation of ${keyId}` },
        phase: 1,
      },
      { method: 'POST', path: `/v1.0/applications/${applicationId}/removePassword`, body: { keyId }, phase: 2 },
    ];
    return {
      calls,
      changes: [
        { field: 'passwordCredential (new)', before: null, after: 'present; secret written once to the delivery file' },
        { field: `passwordCredential ${keyId}`, before: 'present', after: 'removed after the grace period' },
      ],
    };
  },
  apply: (ctx, target) =>
    withGraph(ctx, target.tenant, async (client) => {
      await removePassword(client, target.params.applicationId, target.params.keyId);
    }),
  verify: (ctx, target) =>
    withGraph(ctx, target.tenant, async (client) => {
      const keys = await secretKeyIds(client, target.params.applicationId);
      const { keyId, newKeyId } = target.params;
      return {
        ok: !keys.has(keyId) && !!newKeyId && keys.has(newKeyId),
        observed: `old secret ${listed(keys, keyId)}, new secret ${listed(keys, newKeyId)}`,
      };
    }),
  rotation: {
    start: (ctx, target, deliver) =>
      withGraph(ctx, target.tenant, async (client) => {
        const { applicationId, keyId } = target.params;
        const created = (await client
          .api(`/applications/${applicationId}/addPassword`)
          .post({ passwordCredential: { displayName: `Steward rotation of ${keyId}` } })) as CreatedPassword;
        if (!created.keyId) throw new Error(`addPassword on ${applicationId} answered without a keyId`);
        try {
          if (!created.secretText) throw new Error(`addPassword on ${applicationId} answered without secretText`);
          await deliver({
            ENTRA_APPLICATION_OBJECT_ID: applicationId,
            ENTRA_CLIENT_SECRET_KEY_ID: created.keyId,
            AZURE_CLIENT_SECRET: created.secretText,
          });
        } catch (error) {
          // A secret nobody received must not stay valid.
          await removePassword(client, applicationId, created.keyId);
          throw error;
        }
        return created.keyId;
      }),
    verifyStarted: (ctx, target) =>
      withGraph(ctx, target.tenant, async (client) => {
        const keys = await secretKeyIds(client, target.params.applicationId);
        const { keyId, newKeyId } = target.params;
        return {
          ok: keys.has(keyId) && keys.has(newKeyId),
          observed: `old secret ${listed(keys, keyId)}, new secret ${listed(keys, newKeyId)}`,
        };
      }),
    undo: (ctx, target) =>
      withGraph(ctx, target.tenant, async (client) => {
        const { applicationId, keyId, newKeyId } = target.params;
        if ((await secretKeyIds(client, applicationId)).has(newKeyId))
          await removePassword(client, applicationId, newKeyId);
        const keys = await secretKeyIds(client, applicationId);
        return {
          ok: keys.has(keyId) && !keys.has(newKeyId),
          observed: `old secret ${listed(keys, keyId)}, new secret ${listed(keys, newKeyId)}`,
        };
      }),
  },
};
