import type { EventTag } from '../../../monitoring/event.js';

/**
 * What CloudTrail operations mean (`eventSource` → `eventName` → tags), from the AWS service authorization
 * reference and the CloudTrail event reference. Operations not listed here carry no tag unless a rule in
 * cloudtrail.ts derives one (IAM writes by verb, role chaining, decrypted parameter reads, keys for another user).
 */
const TABLE: Record<string, Record<string, readonly EventTag[]>> = {
  'iam.amazonaws.com': {
    CreateAccessKey: ['credential.create'],
    CreateLoginProfile: ['credential.create'],
    UpdateLoginProfile: ['credential.create'],
    UploadSSHPublicKey: ['credential.create'],
    UploadSigningCertificate: ['credential.create'],
    CreateServiceSpecificCredential: ['credential.create'],
    UpdateAssumeRolePolicy: ['trust.write'],
    CreateRole: ['trust.write'],
    CreateOpenIDConnectProvider: ['trust.write'],
    CreateSAMLProvider: ['trust.write'],
    UpdateSAMLProvider: ['trust.write'],
  },
  'rolesanywhere.amazonaws.com': {
    CreateTrustAnchor: ['trust.write'],
    UpdateTrustAnchor: ['trust.write'],
    CreateProfile: ['trust.write'],
  },
  'sts.amazonaws.com': { GetFederationToken: ['session.issue'] },
  'secretsmanager.amazonaws.com': { GetSecretValue: ['secret.read'], BatchGetSecretValue: ['secret.read'] },
  'ec2.amazonaws.com': { GetPasswordData: ['secret.read'], DeleteFlowLogs: ['logging.disable'] },
  'cloudtrail.amazonaws.com': {
    StopLogging: ['logging.disable'],
    DeleteTrail: ['logging.disable'],
    UpdateTrail: ['logging.disable'],
    PutEventSelectors: ['logging.disable'],
  },
  'route53resolver.amazonaws.com': {
    DeleteResolverQueryLogConfig: ['logging.disable'],
    DisassociateResolverQueryLogConfig: ['logging.disable'],
  },
  'organizations.amazonaws.com': { LeaveOrganization: ['logging.disable'] },
  'guardduty.amazonaws.com': {
    DeleteDetector: ['logging.disable'],
    DisassociateFromMasterAccount: ['logging.disable'],
  },
  'config.amazonaws.com': {
    StopConfigurationRecorder: ['logging.disable'],
    DeleteConfigurationRecorder: ['logging.disable'],
    DeleteDeliveryChannel: ['logging.disable'],
  },
  'signin.amazonaws.com': { ConsoleLogin: ['login.interactive'] },
};

/**
 * IAM verbs that grant or extend access (identities, credentials, policies). Removals (Delete/Detach/Remove) take
 * access away and are what clean-up jobs do all day; Tag/Untag and reads are not writes of access.
 */
const IAM_WRITE = /^(Create|Put|Attach|Update|Add|Set|Enable|Upload|Change|Reset)/;
/** SSM parameter reads whose values are secrets only when asked decrypted. */
export const SSM_READS = new Set(['GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory']);

export interface OperationInfo {
  /** `service:EventName`, e.g. `iam:CreateAccessKey`. */
  operation: string;
  tags: readonly EventTag[];
  /** Creates a credential for the user named in requestParameters.userName. */
  credentialCreate: boolean;
}

const cache = new Map<string, Map<string, OperationInfo>>();

function build(source: string, name: string): OperationInfo {
  const service = source.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : source;
  const tags = new Set<EventTag>(TABLE[source]?.[name] ?? []);
  if (source === 'iam.amazonaws.com' && IAM_WRITE.test(name)) tags.add('iam.write');
  return {
    operation: `${service}:${name}`,
    tags: Object.freeze([...tags]),
    credentialCreate: tags.has('credential.create'),
  };
}

/** The operation's name and tags, computed once per (source, name). */
export function operationInfo(source: string, name: string): OperationInfo {
  let bySource = cache.get(source);
  if (!bySource) {
    bySource = new Map();
    if (cache.size < 1024) cache.set(source, bySource);
  }
  let info = bySource.get(name);
  if (!info) {
    info = build(source, name);
    // Unbounded vendor input must not grow the cache without limit.
    if (bySource.size < 4096) bySource.set(name, info);
  }
  return info;
}
