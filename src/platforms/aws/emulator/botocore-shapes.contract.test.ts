import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListServiceSpecificCredentialsCommand,
} from '@aws-sdk/client-iam';
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
const model = JSON.parse(
  readFileSync(join(corporaDir(), 'aws-iam-botocore-models', 'iam-2010-05-08.nhi-subset.service-2.json'), 'utf8'),
) as {
  operations: Record<string, { output?: { shape: string; resultWrapper?: string } }>;
  shapes: Record<string, Shape>;
};

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
function check(node: XmlNode, shapeName: string, path: string): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${path}: shape ${shapeName} missing from the model`];
  const out: string[] = [];
  switch (shape.type) {
    case 'structure': {
      const members = shape.members ?? {};
      for (const child of node.children) {
        const member = members[child.name];
        if (!member) out.push(`${path}/${child.name}: not a member of ${shapeName}`);
        else out.push(...check(child, member.shape, `${path}/${child.name}`));
      }
      for (const r of shape.required ?? [])
        if (!node.children.some((c) => c.name === r)) out.push(`${path}: required ${r} missing`);
      break;
    }
    case 'list':
      for (const [i, child] of node.children.entries()) {
        if (child.name !== 'member') out.push(`${path}/${child.name}: list item is not <member>`);
        out.push(...check(child, shape.member!.shape, `${path}/member[${i}]`));
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

beforeAll(async () => {
  data = (await generateEstate({ seed: 21, size: 150, platforms: ['aws'] })).platforms.aws as AwsEstateData;
  aws = await startAwsEmulator(data);
  const c = aws.credentials[0];
  client = new IAMClient({
    region: 'us-east-1',
    endpoint: aws.emulator.url,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
  });
  // Innermost: the raw HTTP response before the SDK's XML deserializer reads it.
  client.middlewareStack.add(
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
});
afterAll(async () => {
  client?.destroy();
  await aws?.emulator.close();
});

/** Sends a command and returns the deviations of its raw answer from the operation's botocore output shape. */
async function deviations(operation: string, send: () => Promise<unknown>): Promise<string[]> {
  captured.length = 0;
  await send();
  const xml = captured.at(-1)!;
  const output = model.operations[operation].output!;
  const response = parseXml(xml);
  expect(response.name).toBe(`${operation}Response`);
  const result = response.children.find((c) => c.name === output.resultWrapper);
  expect(result, `${operation}: <${output.resultWrapper}>`).toBeDefined();
  return check(result!, output.shape, operation);
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
    const declared = awsConnector.sources.flatMap((s) => s.endpoints.map((e) => e.slice('iam:'.length)));
    for (const action of declared) expect(model.operations[action], action).toBeDefined();
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
});
