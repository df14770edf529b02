import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../../lib/errors.js';

export const EXAMPLE_CONFIG = `# steward.yaml — what Steward scans and where it keeps what it finds.
# Secrets are never written here: every secret is { env: VARIABLE } or { file: /path/to/file }.

# SQLite file (default, zero set-up) or a PostgreSQL URL for teams and workers (the password as a reference):
#   store: { url: "postgres://steward@db.internal:5432/steward", password: { env: STEWARD_DB_PASSWORD } }
store: .steward/steward.db

tenants:
  # GitHub organisation. Token: a fine-grained or classic token of an org owner, or a GitHub App installation.
  - platform: github
    tenant: acme-corp                # the organisation login
    options:
      org: acme-corp
      # baseUrl: https://github.example.com/api/v3   # GitHub Enterprise Server
      token: { env: GITHUB_TOKEN }
      # app: { appId: 123456, installationId: 7890123, privateKey: { file: ./github-app.pem } }

  # Microsoft Entra ID through Microsoft Graph (client-credentials app with Application.Read.All,
  # Directory.Read.All and AuditLog.Read.All).
  # - platform: entra
  #   tenant: acme.onmicrosoft.com
  #   options:
  #     tenantId: 00000000-0000-0000-0000-000000000000
  #     clientId: 00000000-0000-0000-0000-000000000000
  #     clientSecret: { env: ENTRA_CLIENT_SECRET }

  # AWS account (IAM). Without explicit keys the default credential chain is used.
  # - platform: aws
  #   tenant: "111122223333"
  #   options:
  #     region: us-east-1

  # Okta org (Management API). An SSWS token of a read-only admin, or an OAuth service app with private_key_jwt
  # and the read scopes listed in docs/connectors/okta.md.
  # - platform: okta
  #   tenant: acme                     # the org subdomain: https://acme.okta.com
  #   options:
  #     token: { env: OKTA_API_TOKEN }
  #     # oauth: { clientId: 0oa..., privateKey: { file: ./okta-service-app.pem } }

scan:
  concurrency: 4        # tenants scanned at once; each is isolated from the others' failures
  # keepRaw: .steward/raw  # keep raw vendor pages for offline replay
  # threads: auto       # worker threads for sync and analysis; auto = one per core (up to 4) once the store has seen a large estate

rules:
  # dir: ./rules          # your own rules (YAML + CEL conditions), no code change needed
  thresholds:
    staleDays: 90             # unused for longer = stale
    rotationDays: 365         # credential older than this = not rotated
    expiryWarningDays: 30     # warn this long before a credential expires
    maxSecretLifetimeDays: 365
  disabled: []                # rule ids to skip

# Where to tell people about new critical/high findings, detections and plans waiting for approval
# (docs/notifications.md; \`steward notify test\` tries each one):
# notifications:
#   - name: secops
#     channel: webhook            # webhook (HMAC-signed) | slack (incoming webhook) | email (SMTP)
#     url: https://siem.example.com/steward
#     secret: { env: STEWARD_WEBHOOK_KEY }
#     on: [finding-critical, finding-high, detection, approval-request]
#     minSeverity: high
`;

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented example steward.yaml')
    .option('--force', 'overwrite an existing file')
    .action((opts: { force?: boolean }, command: Command) => {
      const file = command.optsWithGlobals<{ config?: string }>().config ?? 'steward.yaml';
      if (existsSync(file) && !opts.force) throw new UserError(`${file} already exists (use --force to overwrite)`);
      writeFileSync(file, EXAMPLE_CONFIG);
      process.stdout.write(`wrote ${file}; edit the tenants, export the tokens it names, then run \`steward scan\`\n`);
    });
}
