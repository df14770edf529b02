/**
 * The CIS Benchmark controls Steward's rules cite, one benchmark version each, with the control's own title. Rules
 * cite a control through `cis.<benchmark>(id)` so a label is always spelled the same way (SARIF, OCSF, `steward rules`
 * and docs/rules.md show the label) and an id that is not in this list is a compile error. Versions: AWS Foundations
 * v7.0.0, Microsoft 365 Foundations v7.0.0, GitHub v1.2.0, Google Cloud Platform Foundation v3.0.0. Each text is the recommendation's title where the
 * benchmark words one (AWS, most of GitHub) and a one-line summary of the recommendation otherwise.
 */
export const CIS_BENCHMARKS = {
  aws: {
    label: 'CIS AWS Foundations 7.0',
    controls: {
      '2.4': "Ensure no 'root' user account access key exists",
      '2.11': 'Ensure credentials unused for 45 days or more are disabled',
      '2.12': 'Ensure access keys are rotated every 90 days or less',
      '2.13': 'Ensure IAM users receive permissions only through groups',
      '2.14': 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
      '2.18': 'Ensure that IAM External Access Analyzer is enabled for all regions',
    },
  },
  m365: {
    label: 'CIS Microsoft 365 Foundations 7.0',
    controls: {
      '5.1.5.1': 'Ensure user consent to apps accessing company data on their behalf is not allowed',
      '5.1.5.3': 'Ensure new password credentials cannot be added to applications and service principals',
      '5.1.5.4': 'Ensure the maximum lifetime of application password credentials is restricted',
      '5.1.5.6': 'Ensure the maximum lifetime of application certificate credentials is restricted',
      '5.3.1': "Ensure 'Privileged Identity Management' is used to manage roles",
    },
  },
  github: {
    label: 'CIS GitHub 1.2',
    controls: {
      '1.3.1': 'Track inactive user accounts and periodically remove them',
      '1.4.2': 'Ensure stale (inactive) applications are reviewed and removed if no longer in use',
      '1.4.3': 'Ensure installed application permissions are limited to the lowest privilege level required',
      '1.4.4': 'Use only secured webhooks in the source code management platform',
      '1.5.1': 'Detect and prevent sensitive data in code, such as confidential ID numbers, passwords, etc.',
      '2.1.5': 'Restrict access to the build environment to trusted and qualified users only',
      '2.1.7': 'Use the build tool secret store with the most restrictive scope necessary',
    },
  },
  gcp: {
    label: 'CIS GCP Foundations 3.0',
    controls: {
      '1.4': 'Ensure that there are only GCP-managed service account keys for each service account',
      '1.5': 'Ensure that Service Account has no Admin privileges',
      '1.6':
        'Ensure that IAM users are not assigned the Service Account User or Service Account Token Creator roles at project level',
      '1.7': 'Ensure user-managed/external keys for service accounts are rotated every 90 days or fewer',
      '4.1': 'Ensure that instances are not configured to use the default service account',
    },
  },
} as const;

type Benchmarks = typeof CIS_BENCHMARKS;
export type CisBenchmark = keyof Benchmarks;

const labeller =
  <C extends Record<string, string>>(spec: { label: string; controls: C }) =>
  (control: keyof C & string): string =>
    `${spec.label} ${control}`;

/** Compliance labels of CIS controls, e.g. `cis.aws('2.12')` → "CIS AWS Foundations 7.0 2.12". */
export const cis = {
  aws: labeller(CIS_BENCHMARKS.aws),
  m365: labeller(CIS_BENCHMARKS.m365),
  github: labeller(CIS_BENCHMARKS.github),
  gcp: labeller(CIS_BENCHMARKS.gcp),
};

/** The benchmark and control a compliance label names, with the control's text; undefined for other labels. */
export function cisControlOf(label: string): { benchmark: CisBenchmark; control: string; title: string } | undefined {
  for (const benchmark of Object.keys(CIS_BENCHMARKS) as CisBenchmark[]) {
    const spec = CIS_BENCHMARKS[benchmark];
    if (!label.startsWith(`${spec.label} `)) continue;
    const control = label.slice(spec.label.length + 1);
    const title = (spec.controls as Record<string, string>)[control];
    return title ? { benchmark, control, title } : undefined;
  }
  return undefined;
}
