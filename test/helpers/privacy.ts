// What the privacy tests look for: a marker in every encoding a column or a file could hold
// it in, and every stored value decoded the ways it could hide text.
import type { Db } from '../../store/db.js';

/** The marker in every encoding a column or a file could hold it in. */
export function encodings(marker: string): Buffer[] {
  const utf8 = Buffer.from(marker);
  const out = [utf8, Buffer.from(marker, 'utf16le'), Buffer.from(utf8.toString('hex')), Buffer.from(utf8.toString('hex').toUpperCase())];
  // Base64 of a marker inside longer text depends on where it starts: try all three alignments.
  for (let pad = 0; pad < 3; pad++) {
    for (const kind of ['base64', 'base64url'] as const) {
      const encoded = Buffer.concat([Buffer.alloc(pad, 0x20), utf8]).toString(kind).replace(/=+$/, '');
      out.push(Buffer.from(encoded.slice(pad ? 4 : 0, -4)));
    }
  }
  return out.filter((b) => b.length >= 4);
}

/** Every value of every column of every table, decoded the ways a stored value could hide text. */
export function storedTexts(db: Db): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
    for (const c of cols) {
      for (const v of db.prepare(`SELECT "${c}" FROM "${t}"`).pluck().all()) {
        if (v === null || typeof v === 'number' || typeof v === 'bigint') continue;
        const bytes = Buffer.isBuffer(v) ? v : Buffer.from(String(v));
        const text = bytes.toString('utf8');
        const decoded = [text, bytes.toString('utf16le'), Buffer.from(text, 'base64').toString('utf8')];
        if (/^([0-9a-f]{2})+$/i.test(text)) decoded.push(Buffer.from(text, 'hex').toString('utf8'));
        for (const d of decoded) out.push({ where: `${t}.${c}`, text: d });
      }
    }
  }
  return out;
}
