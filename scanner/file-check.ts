// Proof that the bytes before a resume offset are still the bytes that were read: a keyed
// hash of the first and the last 4 KB before it. The key is random per database, so the
// stored hashes say nothing about the logs' content, not even to someone guessing it.
import { createHmac } from 'node:crypto';
import { readSync } from 'node:fs';

const WINDOW = 4096;
const scratch = Buffer.allocUnsafe(2 * WINDOW + 8);

export function fileCheck(fd: number, offset: number, key: Buffer): string {
  // The offset is hashed too: the same bytes ending elsewhere are another file state.
  scratch.writeDoubleBE(offset, 0);
  const headLen = Math.min(WINDOW, offset);
  const tailStart = Math.max(headLen, offset - WINDOW);
  let n = 8 + readSync(fd, scratch, 8, headLen, 0);
  n += readSync(fd, scratch, n, offset - tailStart, tailStart);
  return createHmac('sha256', key).update(scratch.subarray(0, n)).digest('hex').slice(0, 32);
}
