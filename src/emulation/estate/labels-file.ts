import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EdgeLabel, GroundTruth, IdentityLabel, PersonLabel } from './labels.js';

/**
 * Ground-truth labels as one JSON document laid out one record per line, so a 1M-NHI estate (hundreds of MB, more
 * than V8's longest string) can be written and read without ever holding the whole text: `JSON.parse` of the file
 * still works for small estates, and `readLabelsFile` streams it line by line.
 */
export function writeLabelsFile(file: string, labels: GroundTruth): void {
  const fd = openSync(file, 'w');
  try {
    let buffer = '';
    const write = (text: string) => {
      buffer += text;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    };
    write(`{"seed":${JSON.stringify(labels.seed)},"now":${JSON.stringify(labels.now)},\n`);
    const list = (name: string, items: readonly unknown[], last: boolean) => {
      write(`"${name}":[\n`);
      for (let n = 0; n < items.length; n++) write(JSON.stringify(items[n]) + (n < items.length - 1 ? ',\n' : '\n'));
      write(last ? ']\n' : '],\n');
    };
    list('people', labels.people, false);
    list('edges', labels.edges, false);
    list('identities', labels.identities, true);
    write('}\n');
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

export interface LabelsVisitor {
  person?(p: PersonLabel): void;
  edge?(e: EdgeLabel): void;
  identity?(i: IdentityLabel): void;
}

/** Streams a labels file written by writeLabelsFile (falls back to JSON.parse for other layouts). */
export async function readLabelsFile(file: string, visit: LabelsVisitor): Promise<{ seed: number; now: string }> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let section: 'people' | 'edges' | 'identities' | null = null;
  let head = '';
  let header: { seed: number; now: string } | null = null;
  let whole: string[] | null = null;
  for await (const line of lines) {
    if (whole) {
      whole.push(line);
      continue;
    }
    if (header === null) {
      head += line;
      if (!line.endsWith(',')) {
        // Not our layout: read it whole.
        whole = [head];
        continue;
      }
      header = JSON.parse(`${head.slice(0, -1)}}`) as { seed: number; now: string };
      continue;
    }
    const m = /^"(people|edges|identities)":\[$/.exec(line);
    if (m) {
      section = m[1] as 'people' | 'edges' | 'identities';
      continue;
    }
    if (line === '],' || line === ']' || line === '}' || line === '') {
      section = null;
      continue;
    }
    if (!section) continue;
    const record = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as unknown;
    if (section === 'people') visit.person?.(record as PersonLabel);
    else if (section === 'edges') visit.edge?.(record as EdgeLabel);
    else visit.identity?.(record as IdentityLabel);
  }
  if (whole) {
    const g = JSON.parse(whole.join('\n')) as GroundTruth;
    for (const p of g.people) visit.person?.(p);
    for (const e of g.edges) visit.edge?.(e);
    for (const i of g.identities) visit.identity?.(i);
    return { seed: g.seed, now: g.now };
  }
  if (!header) throw new Error(`${file}: empty labels file`);
  return header;
}
