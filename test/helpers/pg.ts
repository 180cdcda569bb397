// The team tests' PostgreSQL (test/pg-setup.ts): a fresh database per caller, dropped after
// the file's tests; without a cluster the tests skip, saying why.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';

const url = inject('pgUrl');

/** `describe` when there is a PostgreSQL to test against, else a skipped one whose name says why. */
export const describePg: typeof describe = url
  ? describe
  : (((name: string, ...rest: unknown[]) => describe.skip(`${name} (skipped: ${inject('pgMissing')})`, ...(rest as []))) as unknown as typeof describe);

const made: string[] = [];

/** A URL of a new, empty database on the test cluster. */
export async function freshDatabase(): Promise<string> {
  if (!url) throw new Error('no PostgreSQL to test against');
  const name = `runway_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  made.push(name);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

afterAll(async () => {
  if (!url || !made.length) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const name of made.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});
