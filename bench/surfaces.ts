// What "every surface keeps answering" checks, shared by the damaged-corpus check and the tests.

/** Every dashboard route that answers figures. */
export const FIGURE_ROUTES = ['/api/summary', '/api/daily', '/api/models', '/api/projects', '/api/sessions', '/api/quota', '/api/health'];

/** Every number in a JSON answer, with where it is. */
export function numbersIn(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}
