// Fingerprints of the texts a log names (a file's path): a keyed hash, so two tool calls on
// the same file can be matched without the path being kept, and, the key being random per
// database, no list of known paths hashed elsewhere matches them. MurmurHash3 for the reason
// file-check.ts gives (no OpenSSL start-up in the status line's scan); 64 bits in two lanes.
import { murmur3 } from './file-check.js';

export function fingerprinter(key: Buffer): (text: string) => string {
  const a = key.readUInt32LE(0);
  const b = key.readUInt32LE(4);
  return (text) => {
    const bytes = Buffer.from(text);
    return murmur3(bytes, bytes.length, a).toString(16).padStart(8, '0') + murmur3(bytes, bytes.length, b).toString(16).padStart(8, '0');
  };
}
