import { describe, expect, it } from 'vitest';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileCheck, murmur3 } from '../../scanner/file-check.js';

describe('murmur3 (x86, 32-bit)', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['test', 0, 0xba6bd213],
    ['Hello, world!', 0, 0xc0363e43],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ])('matches the reference for %j with seed %i', (text, seed, expected) => {
    const buf = Buffer.from(text);
    expect(murmur3(buf, buf.length, seed)).toBe(expected);
  });
});

describe('fileCheck', () => {
  const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const check = (bytes: Buffer, offset: number, k = key) => {
    const file = join(mkdtempSync(join(tmpdir(), 'runway-check-')), 'f');
    writeFileSync(file, bytes);
    const fd = openSync(file, 'r');
    try {
      return fileCheck(fd, offset, k);
    } finally {
      closeSync(fd);
    }
  };
  const base = Buffer.alloc(20_000, 'a');

  it('changes with any byte in the first or last 4 KB before the offset, with the offset and with the key', () => {
    const h = check(base, 12_000);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    for (const at of [0, 4095, 7_904, 11_999]) {
      const changed = Buffer.from(base);
      changed[at] = 0x62;
      expect(check(changed, 12_000), `byte ${at}`).not.toBe(h);
    }
    expect(check(base, 12_001)).not.toBe(h);
    expect(check(base, 12_000, Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'))).not.toBe(h);
    // Bytes after the offset are not what was read.
    const after = Buffer.from(base);
    after[12_000] = 0x62;
    expect(check(after, 12_000)).toBe(h);
  });

  it('covers every byte of a file up to 8 KB', () => {
    const small = Buffer.alloc(8_000, 'a');
    const h = check(small, 8_000);
    for (let at = 0; at < 8_000; at += 997) {
      const changed = Buffer.from(small);
      changed[at] = 0x62;
      expect(check(changed, 8_000), `byte ${at}`).not.toBe(h);
    }
  });
});
