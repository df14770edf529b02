/** Tiny XML writer for awsQuery responses: objects become elements, arrays become <member> lists. */
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

export function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') {
    let inner = '';
    for (const [k, v] of Object.entries(value)) inner += element(k, v);
    return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function queryResponse(
  action: string,
  result: Record<string, XmlValue> | null,
  requestId: string,
  namespace = IAM_NAMESPACE,
): string {
  let inner = '';
  if (result) for (const [k, v] of Object.entries(result)) inner += element(k, v);
  const body = result === null ? '' : `<${action}Result>${inner}</${action}Result>`;
  return `<${action}Response xmlns="${namespace}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function errorResponse(type: 'Sender' | 'Receiver', code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${IAM_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** Policy documents travel URL-encoded (RFC 3986), as IAM returns them. */
export function encodePolicy(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
