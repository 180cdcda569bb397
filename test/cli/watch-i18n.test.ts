// `runway watch` in English and German: both languages say everything, and every word the
// code looks up is there.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WATCH_STRINGS, words } from '../../cli/watch-strings.js';
import { watchLang } from '../../cli/watch.js';

const CLI = join(import.meta.dirname, '..', '..', 'cli');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// A count's forms stand for their stem, as the code asks for them.
const stems = (keys: string[]) => new Set(keys.map((k) => k.replace(/\.(one|other)$/, '')));

describe('watch strings', () => {
  const { en, de } = WATCH_STRINGS;

  it('has the same keys in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(de[key as keyof typeof de].trim(), key).not.toBe('');
      expect(placeholders(de[key as keyof typeof de]), key).toEqual(placeholders(text));
    }
  });

  it('has every key the watch code looks up, and none it never does', () => {
    const known = stems(Object.keys(en));
    const groups = new Set([...known].map((k) => k.split('.')[0]));
    const used = new Set<string>();
    for (const file of readdirSync(CLI).filter((f) => /^watch.*\.ts$/.test(f) && f !== 'watch-strings.ts')) {
      const code = readFileSync(join(CLI, file), 'utf8');
      for (const [, key] of code.matchAll(/'([a-z][A-Za-z0-9]*\.[A-Za-z0-9.]+)'/g)) if (groups.has(key!.split('.')[0])) used.add(key!);
      // The one key built from a value: the budget status.
      if (code.includes('`status.${b.status}`')) for (const status of ['green', 'yellow', 'red']) used.add(`status.${status}`);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(known.has(key), key).toBe(true);
    expect([...known].filter((k) => !used.has(k))).toEqual([]);
  });

  it('fills placeholders and picks a count’s form per language', () => {
    expect(words('en')('runOut.on', { day: 'Nov 20', n: 1 })).toBe('✗ runs dry Nov 20, in 1 day');
    expect(words('de')('runOut.on', { day: '20. Nov.', n: 3 })).toBe('✗ aufgebraucht am 20. Nov., in 3 Tagen');
    expect(words('de')('burn.sessions', { n: 1234 })).toBe('1,234 Sitzungen');
  });
});

describe('watch language', () => {
  it('is --lang, else LC_ALL, LC_MESSAGES, LANG (the first set), else English', () => {
    expect(watchLang(undefined, {})).toBe('en');
    expect(watchLang(undefined, { LANG: 'de_DE.UTF-8' })).toBe('de');
    expect(watchLang(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(watchLang(undefined, { LC_MESSAGES: 'de_AT', LANG: 'en_US' })).toBe('de');
    expect(watchLang(undefined, { LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'de_DE' })).toBe('en');
    expect(watchLang(undefined, { LC_ALL: '', LANG: 'de_CH.UTF-8' })).toBe('de');
    expect(watchLang('en', { LC_ALL: 'de_DE' })).toBe('en');
    expect(watchLang('de', {})).toBe('de');
    expect(() => watchLang('fr', {})).toThrow('--lang "fr": expected en or de');
    expect(() => watchLang('DE', {})).toThrow('--lang "DE"');
  });
});
