import type { AccessLevel, Sensitivity } from '../../../model/index.js';

/**
 * The estate's own catalogue of Google Workspace facts, written from Google's OAuth 2.0 scopes list and its
 * restricted / sensitive scope classes (never from connector code): the scopes it grants with their tier, the kinds
 * of third-party apps users grant, and the scope sets admins delegate domain-wide.
 */
export interface ScopeFact {
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

const A = 'https://www.googleapis.com/auth/';
const fact = (access: AccessLevel, sensitivity: Sensitivity, pathToAdmin = false): ScopeFact => ({
  access,
  sensitivity,
  pathToAdmin,
});

/** Full scope strings as tokens.list and the Reports return them. */
export const SCOPES: Readonly<Record<string, ScopeFact>> = {
  'https://mail.google.com/': fact('write', 'high'),
  [`${A}gmail.readonly`]: fact('read', 'high'),
  [`${A}gmail.modify`]: fact('write', 'high'),
  [`${A}gmail.send`]: fact('write', 'medium'),
  [`${A}gmail.metadata`]: fact('read', 'medium'),
  [`${A}drive`]: fact('write', 'high'),
  [`${A}drive.readonly`]: fact('read', 'high'),
  [`${A}drive.file`]: fact('write', 'medium'),
  [`${A}drive.metadata.readonly`]: fact('read', 'medium'),
  [`${A}calendar`]: fact('write', 'medium'),
  [`${A}calendar.readonly`]: fact('read', 'medium'),
  [`${A}contacts.readonly`]: fact('read', 'medium'),
  [`${A}cloud-platform`]: fact('write', 'high'),
  [`${A}admin.directory.user`]: fact('admin', 'high', true),
  [`${A}admin.directory.user.readonly`]: fact('read', 'high'),
  [`${A}admin.directory.group.readonly`]: fact('read', 'high'),
  [`${A}admin.reports.audit.readonly`]: fact('read', 'high'),
  [`${A}userinfo.email`]: fact('read', 'low'),
  [`${A}userinfo.profile`]: fact('read', 'low'),
  openid: fact('read', 'low'),
};

const SIGN_IN = ['openid', `${A}userinfo.email`, `${A}userinfo.profile`];

/** A kind of third-party app users grant: its name pool, scopes, and whether it is an installed (native) app. */
export interface AppKind {
  names: readonly string[];
  scopes: readonly string[];
  nativeApp: boolean;
  clientType: string;
  /** Relative frequency. */
  weight: number;
}

export const APP_KINDS: readonly AppKind[] = [
  {
    names: ['Calendly', 'Clockwise', 'Reclaim'],
    scopes: [...SIGN_IN, `${A}calendar`],
    nativeApp: false,
    clientType: 'WEB',
    weight: 4,
  },
  { names: ['Notion', 'Miro', 'Figma', 'Zoom'], scopes: SIGN_IN, nativeApp: false, clientType: 'WEB', weight: 5 },
  {
    names: ['Superhuman', 'Spark Mail', 'Mailbird'],
    scopes: [...SIGN_IN, 'https://mail.google.com/'],
    nativeApp: true,
    clientType: 'NATIVE_DESKTOP',
    weight: 2,
  },
  {
    names: ['Salesloft', 'Gong', 'Outreach'],
    scopes: [...SIGN_IN, `${A}gmail.readonly`, `${A}calendar.readonly`, `${A}contacts.readonly`],
    nativeApp: false,
    clientType: 'WEB',
    weight: 3,
  },
  {
    names: ['Backupify', 'Spanning', 'CloudAlly'],
    scopes: [...SIGN_IN, `${A}drive`, `${A}gmail.modify`],
    nativeApp: false,
    clientType: 'WEB',
    weight: 1,
  },
  {
    names: ['DocuSign', 'Lucidchart', 'Smartsheet'],
    scopes: [...SIGN_IN, `${A}drive.file`, `${A}drive.metadata.readonly`],
    nativeApp: false,
    clientType: 'WEB',
    weight: 3,
  },
  {
    names: ['gcloud CLI', 'Terraform'],
    scopes: [...SIGN_IN, `${A}cloud-platform`],
    nativeApp: true,
    clientType: 'NATIVE_DESKTOP',
    weight: 2,
  },
  {
    names: ['GAM', 'BetterCloud'],
    scopes: [`${A}admin.directory.user`, `${A}admin.directory.group.readonly`],
    nativeApp: true,
    clientType: 'NATIVE_DESKTOP',
    weight: 1,
  },
];

/** Scope sets admins delegate domain-wide (Admin console > Security > API controls). */
export const DWD_SCOPE_SETS: readonly (readonly string[])[] = [
  [`${A}gmail.readonly`, `${A}drive.readonly`],
  [`${A}admin.directory.user.readonly`, `${A}admin.directory.group.readonly`],
  [`${A}calendar.readonly`],
  [`${A}calendar`, `${A}contacts.readonly`],
  ['https://mail.google.com/'],
  [`${A}drive.metadata.readonly`],
];

/** A scope's tier; the generator only grants catalogue scopes. */
export function scopeFacts(name: string) {
  const s = SCOPES[name];
  if (!s) throw new Error(`google estate: scope ${name} is not in the catalogue`);
  return { nativeName: name, access: s.access, sensitivity: s.sensitivity, pathToAdmin: s.pathToAdmin };
}

export const isHigh = (scope: string): boolean => SCOPES[scope]?.sensitivity === 'high';
