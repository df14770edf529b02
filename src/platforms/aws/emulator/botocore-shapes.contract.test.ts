import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListServiceSpecificCredentialsCommand,
  ListSSHPublicKeysCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import { AccessAnalyzerClient, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { generateAwsOrganization } from '../estate/organization.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { awsConnector } from '../connector/index.js';
import type { AwsEstateData } from '../estate/index.js';
import { type AwsEmulator, startAwsEmulator } from './index.js';

/**
 * Conformance of the IAM emulator with botocore's output shapes (../shared/corpora/aws-iam-botocore-models): every
 * action the connector calls is answered through the SDK, its raw XML captured, and each element checked against
 * the operation's output shape — only members the shape declares, every required member, `<member>` lists, enum
 * values, string lengths and patterns, ISO timestamps, booleans and integers.
 */
interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}
interface Model {
  operations: Record<string, { output?: { shape: string; resultWrapper?: string } }>;
  shapes: Record<string, Shape>;
}
const loadModel = (file: string) =>
  JSON.parse(readFileSync(join(corporaDir(), 'aws-iam-botocore-models', file), 'utf8')) as Model;
const model = loadModel('iam-2010-05-08.nhi-subset.service-2.json');
const stsModel = loadModel('sts-2011-06-15.nhi-subset.service-2.json');
const analyzerModel = loadModel('accessanalyzer-2019-11-01.unused-access-subset.service-2.json');
/**
 * Organizations ListAccounts' output in botocore's form, written by hand: the corpus has no Organizations model.
 * Members, enums and the account id pattern as @aws-sdk/client-organizations (3.1169, generated from the service's
 * Smithy model) declares them; `State` is the newer member that replaces `Status`.
 */
const organizationsModel: Model = {
  operations: { ListAccounts: { output: { shape: 'ListAccountsResponse' } } },
  shapes: {
    ListAccountsResponse: {
      type: 'structure',
      members: { Accounts: { shape: 'Accounts' }, NextToken: { shape: 'NextToken' } },
    },
    Accounts: { type: 'list', member: { shape: 'Account' } },
    Account: {
      type: 'structure',
      members: {
        Id: { shape: 'AccountId' },
        Arn: { shape: 'AccountArn' },
        Email: { shape: 'Email' },
        Name: { shape: 'AccountName' },
        Status: { shape: 'AccountStatus' },
        State: { shape: 'AccountState' },
        Paths: { shape: 'Paths' },
        JoinedMethod: { shape: 'AccountJoinedMethod' },
        JoinedTimestamp: { shape: 'Timestamp' },
      },
    },
    AccountId: { type: 'string', pattern: '\\d{12}' },
    AccountArn: { type: 'string', pattern: 'arn:aws:organizations::\\d{12}:account\\/o-[a-z0-9]{10,32}\\/\\d{12}' },
    Email: { type: 'string', min: 6, max: 64 },
    AccountName: { type: 'string', min: 1, max: 50 },
    AccountStatus: { type: 'string', enum: ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] },
    AccountState: { type: 'string', enum: ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'] },
    AccountJoinedMethod: { type: 'string', enum: ['INVITED', 'CREATED'] },
    Paths: { type: 'list', member: { shape: 'Path' } },
    Path: { type: 'string' },
    NextToken: { type: 'string' },
    Timestamp: { type: 'timestamp' },
  },
};
/** The botocore model of each service prefix the connector's endpoints use. */
const MODELS: Record<string, Model> = {
  iam: model,
  sts: stsModel,
  'access-analyzer': analyzerModel,
  organizations: organizationsModel,
};

/** Deviations of a restJson1 value from a botocore shape (Access Analyzer): the same checks as for XML. */
function checkJson(value: unknown, shapeName: string, path: string, m: Model): string[] {
  const shape = m.shapes[shapeName] as Shape & { union?: boolean; key?: { shape: string }; value?: { shape: string } };
  if (!shape) return [`${path}: shape ${shapeName} missing from the model`];
  const out: string[] = [];
  const scalar = (text: string) => check({ name: path, children: [], text }, shapeName, path, m);
  switch (shape.type) {
    case 'structure': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      const members = shape.members ?? {};
      for (const [k, v] of Object.entries(value)) {
        if (!members[k]) out.push(`${path}/${k}: not a member of ${shapeName}`);
        else out.push(...checkJson(v, members[k].shape, `${path}/${k}`, m));
      }
      for (const r of shape.required ?? []) if (!(r in value)) out.push(`${path}: required ${r} missing`);
      if (shape.union && Object.keys(value).length !== 1) out.push(`${path}: a union needs exactly one member`);
      break;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${path}: not an array`];
      for (const [i, item] of value.entries()) out.push(...checkJson(item, shape.member!.shape, `${path}[${i}]`, m));
      break;
    case 'map':
      if (!value || typeof value !== 'object') return [`${path}: not an object`];
      for (const [k, v] of Object.entries(value)) out.push(...checkJson(v, shape.value!.shape, `${path}/${k}`, m));
      break;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) out.push(`${path}: ${String(value)} is not an integer`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: ${String(value)} is not a boolean`);
      break;
    case 'timestamp':
      // awsJson1_1 sends epoch seconds; restJson1 ISO 8601 strings (checked as XML text is).
      if (typeof value === 'number') {
        if (!Number.isFinite(value) || value < 0) out.push(`${path}: ${value} is not an epoch-seconds timestamp`);
        break;
      }
      if (typeof value !== 'string') return [`${path}: ${String(value)} is not a timestamp`];
      out.push(...scalar(value));
      break;
    default:
      if (typeof value !== 'string') return [`${path}: ${String(value)} is not a string`];
      out.push(...scalar(value));
  }
  return out;
}

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A parser for the emulator's XML (elements, text and entities; attributes only on the root). */
function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack = [root];
  const decode = (s: string) =>
    s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e as 'lt']);
  const re = /<(\/?)([A-Za-z0-9_]+)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) top.text += decode(m[4]);
    else if (m[1]) stack.pop();
    else {
      const node: XmlNode = { name: m[2], children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  return root.children[0];
}

/** Deviations of one element from a botocore shape, as "path: problem" lines. */
function check(node: XmlNode, shapeName: string, path: string, m: Model = model): string[] {
  const shape = m.shapes[shapeName];
  if (!shape) return [`${path}: shape ${shapeName} missing from the model`];
  const out: string[] = [];
  switch (shape.type) {
    case 'structure': {
      const members = shape.members ?? {};
      for (const child of node.children) {
        const member = members[child.name];
        if (!member) out.push(`${path}/${child.name}: not a member of ${shapeName}`);
        else out.push(...check(child, member.shape, `${path}/${child.name}`, m));
      }
      for (const r of shape.required ?? [])
        if (!node.children.some((c) => c.name === r)) out.push(`${path}: required ${r} missing`);
      break;
    }
    case 'list':
      for (const [i, child] of node.children.entries()) {
        if (child.name !== 'member') out.push(`${path}/${child.name}: list item is not <member>`);
        out.push(...check(child, shape.member!.shape, `${path}/member[${i}]`, m));
      }
      if (shape.max !== undefined && node.children.length > shape.max) out.push(`${path}: more than ${shape.max}`);
      break;
    case 'string': {
      const v = node.text;
      if (shape.enum && !shape.enum.includes(v)) out.push(`${path}: ${v} not in ${shape.enum.join('|')}`);
      if (shape.min !== undefined && v.length < shape.min) out.push(`${path}: shorter than ${shape.min}`);
      if (shape.max !== undefined && v.length > shape.max) out.push(`${path}: longer than ${shape.max}`);
      if (shape.pattern && !new RegExp(`^(?:${shape.pattern})$`, 'u').test(v))
        out.push(`${path}: ${v.slice(0, 40)} does not match ${shape.pattern}`);
      break;
    }
    case 'timestamp':
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(node.text))
        out.push(`${path}: ${node.text} is not an ISO 8601 timestamp`);
      break;
    case 'boolean':
      if (node.text !== 'true' && node.text !== 'false') out.push(`${path}: ${node.text} is not a boolean`);
      break;
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(node.text)) out.push(`${path}: ${node.text} is not an integer`);
      break;
    case 'blob':
      if (!/^[A-Za-z0-9+/=\s]*$/.test(node.text)) out.push(`${path}: not base64`);
      break;
  }
  return out;
}

let aws: AwsEmulator;
let data: AwsEstateData;
const captured: string[] = [];
let client: IAMClient;
let sts: STSClient;
let analyzer: AccessAnalyzerClient;

/** Innermost middleware: keeps the raw HTTP response body before the SDK's deserializer reads it. */
function captureRaw(c: {
  middlewareStack:
    | IAMClient['middlewareStack']
    | STSClient['middlewareStack']
    | AccessAnalyzerClient['middlewareStack'];
}): void {
  (c.middlewareStack as IAMClient['middlewareStack']).add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body: Readable };
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const body = Buffer.concat(chunks);
      captured.push(body.toString('utf8'));
      response.body = Readable.from([body]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'captureRawXml' },
  );
}

beforeAll(async () => {
  data = (await generateEstate({ seed: 21, size: 150, platforms: ['aws'] })).platforms.aws as AwsEstateData;
  aws = await startAwsEmulator(data);
  const c = aws.credentials[0];
  const config = {
    region: 'us-east-1',
    endpoint: aws.emulator.url,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
  };
  client = new IAMClient(config);
  sts = new STSClient(config);
  analyzer = new AccessAnalyzerClient(config);
  captureRaw(client);
  captureRaw(sts);
  captureRaw(analyzer);
});
afterAll(async () => {
  client?.destroy();
  sts?.destroy();
  analyzer?.destroy();
  await aws?.emulator.close();
});

/** Sends a command and returns the deviations of its raw answer from the operation's botocore output shape. */
async function deviations(operation: string, send: () => Promise<unknown>, m: Model = model): Promise<string[]> {
  captured.length = 0;
  await send();
  const xml = captured.at(-1)!;
  const output = m.operations[operation].output!;
  const response = parseXml(xml);
  expect(response.name).toBe(`${operation}Response`);
  const result = response.children.find((c) => c.name === output.resultWrapper);
  expect(result, `${operation}: <${output.resultWrapper}>`).toBeDefined();
  return check(result!, output.shape, operation, m);
}

describe('IAM emulator answers match botocore output shapes', () => {
  it('the checker reports unknown members, missing required ones, bad enums and timestamps', () => {
    const xml =
      '<R><ServiceSpecificCredentials><member><UserName>u</UserName><Status>Revoked</Status>' +
      '<CreateDate>yesterday</CreateDate><ServiceName>s</ServiceName><Secret>x</Secret></member>' +
      '</ServiceSpecificCredentials></R>';
    expect(check(parseXml(xml), 'ListServiceSpecificCredentialsResponse', 'x')).toEqual([
      'x/ServiceSpecificCredentials/member[0]/Status: Revoked not in Active|Inactive|Expired',
      'x/ServiceSpecificCredentials/member[0]/CreateDate: yesterday is not an ISO 8601 timestamp',
      'x/ServiceSpecificCredentials/member[0]/Secret: not a member of ServiceSpecificCredentialMetadata',
      'x/ServiceSpecificCredentials/member[0]: required ServiceSpecificCredentialId missing',
    ]);
  });

  it('covers every action the connector declares', () => {
    const declared = awsConnector.sources.flatMap((s) => s.endpoints);
    for (const endpoint of declared) {
      const [service, action] = endpoint.split(':');
      expect(MODELS[service]?.operations[action], endpoint).toBeDefined();
    }
  });

  it('Access Analyzer ListAnalyzers and ListFindingsV2 (paged, filtered on ACTIVE): restJson1 bodies', async () => {
    const jsonDeviations = async (operation: string, send: () => Promise<unknown>) => {
      captured.length = 0;
      await send();
      return checkJson(
        JSON.parse(captured.at(-1)!),
        analyzerModel.operations[operation].output!.shape,
        operation,
        analyzerModel,
      );
    };
    const listAnalyzers = () => analyzer.send(new ListAnalyzersCommand({ type: 'ACCOUNT_UNUSED_ACCESS' }));
    expect(await jsonDeviations('ListAnalyzers', listAnalyzers)).toEqual([]);
    const [active] = (await listAnalyzers()).analyzers ?? [];
    expect(active).toMatchObject({ type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' });
    const findings = data.accounts[0].unusedAccessAnalyzer!.findings;
    expect(findings.length).toBeGreaterThan(2);
    const list = (nextToken?: string) =>
      analyzer.send(
        new ListFindingsV2Command({
          analyzerArn: active.arn,
          filter: { status: { eq: ['ACTIVE'] } },
          maxResults: 2,
          nextToken,
        }),
      );
    expect(await jsonDeviations('ListFindingsV2', () => list())).toEqual([]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(token);
      for (const f of page.findings ?? []) seen.push(f.id!);
      token = page.nextToken;
    } while (token);
    expect(seen.sort()).toEqual(
      findings
        .filter((f) => f.status === 'ACTIVE')
        .map((f) => f.id)
        .sort(),
    );
  });

  it('Organizations ListAccounts (awsJson1_1, paged) and STS AssumeRole into a member role', async () => {
    const rng = new Random(9);
    const now = new Date('2026-11-01T00:00:00Z');
    const org = generateAwsOrganization({ org: generateOrg(rng, 8, now), rng, count: 40, now, earlier: {} });
    const emulated = await startAwsEmulator(org.data);
    const key = emulated.credentials.find((c) => c.accountId === org.organization.complete[0])!;
    const config = {
      region: 'us-east-1',
      endpoint: emulated.emulator.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    };
    const organizations = new OrganizationsClient(config);
    const management = new STSClient(config);
    captureRaw(organizations as unknown as IAMClient);
    captureRaw(management);
    try {
      captured.length = 0;
      const first = await organizations.send(new ListAccountsCommand({ MaxResults: 2 }));
      expect(
        checkJson(JSON.parse(captured.at(-1)!), 'ListAccountsResponse', 'ListAccounts', organizationsModel),
      ).toEqual([]);
      await organizations.send(new ListAccountsCommand({ MaxResults: 20, NextToken: first.NextToken }));
      expect(
        checkJson(JSON.parse(captured.at(-1)!), 'ListAccountsResponse', 'ListAccounts', organizationsModel),
      ).toEqual([]);
      const member = org.organization.complete[1];
      const assume = () =>
        management.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${member}:role/${org.organization.memberRole}`,
            RoleSessionName: 'steward-scan',
            ExternalId: org.organization.externalId,
          }),
        );
      expect(await deviations('AssumeRole', assume, stsModel)).toEqual([]);
    } finally {
      organizations.destroy();
      management.destroy();
      await emulated.emulator.close();
    }
  });

  it("STS GetCallerIdentity: the scanner user of the key's account", async () => {
    expect(await deviations('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})), stsModel)).toEqual(
      [],
    );
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({
      Account: data.accounts[0].accountId,
      Arn: `arn:aws:iam::${data.accounts[0].accountId}:user/steward-scanner`,
    });
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('ListOpenIDConnectProviders, GetOpenIDConnectProvider (each provider), ListSAMLProviders', async () => {
    expect(
      await deviations('ListOpenIDConnectProviders', () => client.send(new ListOpenIDConnectProvidersCommand({}))),
    ).toEqual([]);
    const listed = await client.send(new ListOpenIDConnectProvidersCommand({}));
    expect(listed.OpenIDConnectProviderList?.length).toBe(data.accounts[0].oidcProviders.length);
    for (const p of listed.OpenIDConnectProviderList ?? [])
      expect(
        await deviations('GetOpenIDConnectProvider', () =>
          client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn })),
        ),
      ).toEqual([]);
    expect(await deviations('ListSAMLProviders', () => client.send(new ListSAMLProvidersCommand({})))).toEqual([]);
  });

  it('ListServiceSpecificCredentials (AllUsers, paged; one user)', async () => {
    expect(
      await deviations('ListServiceSpecificCredentials', () =>
        client.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 2 })),
      ),
    ).toEqual([]);
    const holder = data.accounts[0].users.find((u) => u.serviceCredentials.length > 0)!;
    expect(
      await deviations('ListServiceSpecificCredentials', () =>
        client.send(new ListServiceSpecificCredentialsCommand({ UserName: holder.userName })),
      ),
    ).toEqual([]);
  });

  it('ListSSHPublicKeys (one user, paged; a user without keys)', async () => {
    const holder = data.accounts[0].users.find((u) => u.sshPublicKeys.length > 1)!;
    expect(
      await deviations('ListSSHPublicKeys', () =>
        client.send(new ListSSHPublicKeysCommand({ UserName: holder.userName, MaxItems: 1 })),
      ),
    ).toEqual([]);
    const keyless = data.accounts[0].users.find((u) => u.sshPublicKeys.length === 0)!;
    expect(
      await deviations('ListSSHPublicKeys', () =>
        client.send(new ListSSHPublicKeysCommand({ UserName: keyless.userName })),
      ),
    ).toEqual([]);
  });

  it('ListSigningCertificates (a holder; a user without certificates)', async () => {
    const holder = data.accounts[0].users.find((u) => u.signingCertificates.length > 0)!;
    expect(
      await deviations('ListSigningCertificates', () =>
        client.send(new ListSigningCertificatesCommand({ UserName: holder.userName, MaxItems: 1 })),
      ),
    ).toEqual([]);
    const none = data.accounts[0].users.find((u) => u.signingCertificates.length === 0)!;
    expect(
      await deviations('ListSigningCertificates', () =>
        client.send(new ListSigningCertificatesCommand({ UserName: none.userName })),
      ),
    ).toEqual([]);
  });

  it('GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails (a role, paged; a user)', async () => {
    const account = data.accounts[0];
    const role = account.roles.find((r) => r.attachedPolicyArns.length > 0)!;
    const user = account.users.find((u) => u.accessKeys.length > 0)!;
    for (const arn of [
      `arn:aws:iam::${account.accountId}:role${role.path}${role.roleName}`,
      `arn:aws:iam::${account.accountId}:user${user.path}${user.userName}`,
    ]) {
      let jobId = '';
      expect(
        await deviations('GenerateServiceLastAccessedDetails', async () => {
          jobId =
            (
              await client.send(
                new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'SERVICE_LEVEL' }),
              )
            ).JobId ?? '';
        }),
      ).toEqual([]);
      let marker: string | undefined;
      expect(
        await deviations('GetServiceLastAccessedDetails', async () => {
          const answer = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 1 }));
          expect(answer.JobStatus).toBe('COMPLETED');
          expect(answer.ServicesLastAccessed).toHaveLength(1);
          marker = answer.Marker;
        }),
      ).toEqual([]);
      if (marker)
        expect(
          await deviations('GetServiceLastAccessedDetails', () =>
            client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: marker })),
          ),
        ).toEqual([]);
    }
  });

  it('credential report, GetAccountAuthorizationDetails, ListAccessKeys, GetAccessKeyLastUsed', async () => {
    expect(
      await deviations('GenerateCredentialReport', () => client.send(new GenerateCredentialReportCommand({}))),
    ).toEqual([]);
    expect(await deviations('GetCredentialReport', () => client.send(new GetCredentialReportCommand({})))).toEqual([]);
    expect(
      await deviations('GetAccountAuthorizationDetails', () =>
        client.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 })),
      ),
    ).toEqual([]);
    const user = data.accounts[0].users.find((u) => u.accessKeys.length > 0)!;
    expect(
      await deviations('ListAccessKeys', () => client.send(new ListAccessKeysCommand({ UserName: user.userName }))),
    ).toEqual([]);
    expect(
      await deviations('GetAccessKeyLastUsed', () =>
        client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.accessKeys[0].accessKeyId })),
      ),
    ).toEqual([]);
  });

  it('CreateAccessKey (remediation rotation): the new key with its secret; DeleteAccessKey takes it away again', async () => {
    const user = data.accounts[0].users.find((u) => u.accessKeys.length < 2)!;
    let created = '';
    expect(
      await deviations('CreateAccessKey', async () => {
        const out = await client.send(new CreateAccessKeyCommand({ UserName: user.userName }));
        created = out.AccessKey?.AccessKeyId ?? '';
      }),
    ).toEqual([]);
    await client.send(new DeleteAccessKeyCommand({ UserName: user.userName, AccessKeyId: created }));
    const left = await client.send(new ListAccessKeysCommand({ UserName: user.userName }));
    expect(left.AccessKeyMetadata?.map((k) => k.AccessKeyId)).not.toContain(created);
  });
});
