// Proof that the bytes before a resume offset are still the bytes that were read: a keyed
// hash of the first and the last 4 KB before it. The key is random per database, so the
// stored hashes cannot be matched against hashes of known text made elsewhere.
//
// The hash is MurmurHash3 (x86, 32-bit) in four lanes seeded from the key: 128 bits that
// no accidental change of the bytes escapes. node:crypto would cost ~30 ms of start-up on
// its first use (OpenSSL's), which the status line cannot afford; this costs microseconds.
import { readSync } from 'node:fs';

const WINDOW = 4096;
const scratch = Buffer.allocUnsafe(2 * WINDOW + 8);

/** `key` is 16 bytes or more: four 32-bit seeds. */
export function fileCheck(fd: number, offset: number, key: Buffer): string {
  // The offset is hashed too: the same bytes ending elsewhere are another file state.
  scratch.writeDoubleLE(offset, 0);
  const headLen = Math.min(WINDOW, offset);
  const tailStart = Math.max(headLen, offset - WINDOW);
  let n = 8 + readSync(fd, scratch, 8, headLen, 0);
  n += readSync(fd, scratch, n, offset - tailStart, tailStart);
  let out = '';
  for (let lane = 0; lane < 4; lane++) out += murmur3(scratch, n, key.readUInt32LE(lane * 4)).toString(16).padStart(8, '0');
  return out;
}

export function murmur3(buf: Buffer, n: number, seed: number): number {
  let h = seed | 0;
  const words = n >>> 2;
  for (let i = 0; i < words; i++) {
    const j = i * 4;
    h ^= mixK(buf[j]! | (buf[j + 1]! << 8) | (buf[j + 2]! << 16) | (buf[j + 3]! << 24));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const t = words * 4;
  let k = 0;
  // The last 1–3 bytes, little-endian.
  for (let i = (n & 3) - 1; i >= 0; i--) k = (k << 8) | buf[t + i]!;
  if (n & 3) h ^= mixK(k);
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixK(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}
