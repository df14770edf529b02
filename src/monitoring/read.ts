import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../lib/errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK = 1 << 20;

/** Whether the file starts with the gzip magic bytes (the name is not trusted: exports are often renamed). */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * The file's bytes in chunks (gzip or plain, decided by its first bytes), streamed: memory stays flat whatever the
 * size. A missing or unreadable file is a UserError naming it; a corrupt gzip stream fails the read with its position.
 */
export async function* readChunks(file: string): AsyncGenerator<Buffer> {
  let gz: boolean;
  try {
    gz = await isGzip(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : code || String(error);
    throw new UserError(`cannot read ${file}: ${why}`);
  }
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  const stream = gz ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  raw.on('error', (e) => stream.destroy(e));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new UserError(`cannot read ${file}${gz ? ' (gzip)' : ''}: ${(error as Error).message}`);
  }
}
