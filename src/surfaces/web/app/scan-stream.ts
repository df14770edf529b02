import { api, getToken } from './api.js';

export interface ScanStreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Splits Server-Sent Events text into events; what follows the last blank line is an event still arriving. The
 * browser's EventSource cannot send the Authorization header, so the stream is read with fetch.
 */
export function parseEvents(text: string): { events: ScanStreamEvent[]; rest: string } {
  const blocks = text.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: ScanStreamEvent[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }
  return { events, rest };
}

/** Starts a scan (admin) and hands every event to `onEvent` until the scan has finished or failed. */
export async function runScan(
  request: { platform?: string; tenant?: string },
  onEvent: (e: ScanStreamEvent) => void,
): Promise<void> {
  const { scanId } = await api<{ scanId: string }>('/scans', { method: 'POST', body: request });
  const response = await fetch(`/api/v1/scans/${encodeURIComponent(scanId)}/events`, {
    headers: { authorization: `Bearer ${getToken() ?? ''}`, accept: 'text/event-stream' },
  });
  if (!response.ok || !response.body) throw new Error(`the scan's events could not be read (${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const parsed = parseEvents(buffered + value);
    buffered = parsed.rest;
    for (const e of parsed.events) onEvent(e);
  }
}
