/**
 * The kit's `malformed-item` fault for IAM's XML: the first `<member>` of the answer loses the element that identifies
 * it (an access key's AccessKeyId, a role's RoleName, a user's UserName, a group's GroupName, a policy's Arn). The
 * credential report has no members: its first CSV row loses its `arn`.
 */
const IDENTIFYING = ['AccessKeyId', 'RoleName', 'UserName', 'GroupName', 'Arn'];

const TAG = /<(\/?)([A-Za-z0-9]+)(\/?)>/g;

export function malformFirstMember(xml: string): string {
  const open = xml.indexOf('<member>');
  if (open < 0) return malformReportContent(xml);
  const innerStart = open + '<member>'.length;
  const innerEnd = closingTagAt(xml, innerStart, 'member');
  if (innerEnd < 0) return xml;
  const inner = xml.slice(innerStart, innerEnd);
  for (const name of IDENTIFYING) {
    const child = directChild(inner, name);
    if (child)
      return xml.slice(0, innerStart) + inner.slice(0, child.start) + inner.slice(child.end) + xml.slice(innerEnd);
  }
  return xml;
}

/** Index of the `</name>` that closes an element whose content starts at `from` (nested ones skipped). */
function closingTagAt(xml: string, from: number, name: string): number {
  let depth = 0;
  const tags = new RegExp(TAG.source, 'g');
  tags.lastIndex = from;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    if (m[2] !== name || m[3]) continue;
    if (!m[1]) depth++;
    else if (depth-- === 0) return m.index;
  }
  return -1;
}

/** The span of a child element `name` directly inside `inner` (not inside a nested element). */
function directChild(inner: string, name: string): { start: number; end: number } | null {
  let depth = 0;
  const tags = new RegExp(TAG.source, 'g');
  for (let m = tags.exec(inner); m; m = tags.exec(inner)) {
    if (m[3]) {
      if (depth === 0 && m[2] === name) return { start: m.index, end: m.index + m[0].length };
      continue;
    }
    if (m[1]) {
      depth--;
      continue;
    }
    if (depth === 0 && m[2] === name) {
      const close = closingTagAt(inner, m.index + m[0].length, name);
      return close < 0 ? null : { start: m.index, end: close + `</${name}>`.length };
    }
    depth++;
  }
  return null;
}

/** GetCredentialReport: blanks the `arn` of the report's first row (base64 CSV in `<Content>`). */
function malformReportContent(xml: string): string {
  const m = /<Content>([^<]*)<\/Content>/.exec(xml);
  if (!m) return xml;
  const lines = Buffer.from(m[1], 'base64').toString('utf8').split('\n');
  const arn = lines[0].split(',').indexOf('arn');
  if (arn < 0 || lines.length < 2 || !lines[1]) return xml;
  const cells = lines[1].split(',');
  cells[arn] = '';
  lines[1] = cells.join(',');
  return xml.replace(m[1], Buffer.from(lines.join('\n'), 'utf8').toString('base64'));
}
