// What "every surface keeps answering" checks, shared by the damaged-corpus check and the tests.

/** Every dashboard route that answers figures. */
export const FIGURE_ROUTES = ['/api/summary', '/api/daily', '/api/models', '/api/agents', '/api/projects', '/api/sessions', '/api/last-request', '/api/where', '/api/drill', '/api/quota', '/api/health'];

/** Every number in a JSON answer, with where it is. */
export function numbersIn(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

/** A parser for a Server-Sent Events stream: feed it chunks, it calls back each event with its data. */
export function sseParser(onEvent: (event: string, data: string) => void): (chunk: string) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk;
    let end;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) onEvent(event, data);
    }
  };
}
