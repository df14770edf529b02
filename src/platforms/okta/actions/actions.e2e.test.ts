import { describe, expect, it } from 'vitest';
import { listIdentityViews } from '../../../store/index.js';
import { actionDrill } from '../../../testing/remediation.js';
import { rotateAndUndo, rotateEndToEnd } from '../../../testing/rotation-drill.js';
import { clientSecretRotate } from './client-secret-rotate.js';
import { okta } from './okta-client.js';

/** Okta actions on the emulated demo estate: plan → approve → apply → verify → re-scan → rollback → re-scan. */

const drill = actionDrill('okta');

describe('okta actions', () => {
  it('deactivates apps and rolls back to the starting inventory', async () => {
    await drill.disableAndRollBack('okta.app.deactivate', 'status INACTIVE');
  }, 120_000);
});

describe('okta.client-secret.rotate', () => {
  it('creates a secret delivered once, deactivates and deletes the old one only after the grace period', async () => {
    await rotateEndToEnd(drill, 'okta.client-secret.rotate', 'OKTA_CLIENT_SECRET');
  }, 120_000);

  it('rolls back before the grace ends: the new secret deleted, the inventory as at the start', async () => {
    await rotateAndUndo(drill, 'okta.client-secret.rotate');
  }, 120_000);

  it("the emulator answers the secret calls as Okta's API description documents them (two at most, delete inactive only)", async () => {
    const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'okta')!.tenant;
    const api = okta(drill.live.runner.context('okta', tenant), tenant).sdk.applicationSSOPublicKeysApi;
    const apps = await listIdentityViews(drill.store, { platform: 'okta' });
    const { appId, keyId } = apps.flatMap((a) => clientSecretRotate.targets(a))[0].params;
    const created = await api.createOAuth2ClientSecret({ appId, oAuth2ClientSecretRequestBody: {} });
    expect(created).toMatchObject({ status: 'ACTIVE' });
    expect(created.id).toMatch(/^ocs[A-Za-z0-9]{17}$/);
    expect(created.client_secret?.length).toBeGreaterThanOrEqual(40);
    const listed = await api.getOAuth2ClientSecret({ appId, secretId: created.id as string });
    expect(listed.client_secret).toBe(
      `${created.client_secret?.slice(0, 12)}......${created.client_secret?.slice(-22)}`,
    );
    const cause = (e: unknown) =>
      (e as { errorCauses?: Array<{ errorSummary: string }> }).errorCauses?.[0]?.errorSummary;
    await expect(api.createOAuth2ClientSecret({ appId, oAuth2ClientSecretRequestBody: {} }).catch(cause)).resolves.toBe(
      "You've reached the maximum number of client secrets per client.",
    );
    await expect(api.deleteOAuth2ClientSecret({ appId, secretId: created.id as string }).catch(cause)).resolves.toBe(
      "You can't delete an active client secret. Deactivate the secret before deleting it.",
    );
    await api.deactivateOAuth2ClientSecret({ appId, secretId: created.id as string });
    await expect(api.deactivateOAuth2ClientSecret({ appId, secretId: keyId }).catch(cause)).resolves.toBe(
      "You can't deactivate the only active client secret.",
    );
    await api.deleteOAuth2ClientSecret({ appId, secretId: created.id as string });
    await expect(api.getOAuth2ClientSecret({ appId, secretId: created.id as string })).rejects.toMatchObject({
      status: 404,
    });
  }, 60_000);
});
