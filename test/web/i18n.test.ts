// The page in English and German: both dictionaries say everything with the same
// placeholders, every key the page looks up is in them, and the language is picked as the
// README says. The switch itself, in Chromium, is in browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { en } from '../../web/i18n/en.js';
import { de } from '../../web/i18n/de.js';
import { lang, pickLang, setLang, t } from '../../web/i18n.js';
import { ago, amount, costText, duration, formatDay, forecastMethod, overOr, setLanguage, setView, span, tokens, DAY_WEEKDAY } from '../../web/format.js';

const WEB = join(import.meta.dirname, '..', '..', 'web');
const HTML = readFileSync(join(WEB, 'index.html'), 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (text: string) => [...text.matchAll(/<\/?([a-z]+)/g)].map((m) => m[0]).sort();
/** The page's scripts, dictionaries left out: web/**\/*.js. */
function scripts(dir = WEB): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return relative(WEB, path) === 'i18n' ? [] : scripts(path);
    return e.name.endsWith('.js') ? [path] : [];
  });
}
// A count's forms stand for their stem, as the code asks for them.
const stems = new Set(Object.keys(en).map((k) => k.replace(/\.(one|other)$/, '')));

describe('the dictionaries', () => {
  it('have the same keys, none empty, with the same placeholders and markup', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    const german = de as Record<string, string>;
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(german[key]!.trim(), key).not.toBe('');
      expect(placeholders(german[key]!), key).toEqual(placeholders(text));
      expect(tags(german[key]!), key).toEqual(tags(text));
      // Markup only where the key says so, for data-i18n-html.
      if (!key.endsWith('Html')) expect(text + german[key], key).not.toMatch(/<[a-z]/);
    }
    for (const key of Object.keys(en).filter((k) => /\.(one|other)$/.test(k))) {
      const stem = key.replace(/\.(one|other)$/, '');
      expect(Object.keys(en), stem).toEqual(expect.arrayContaining([`${stem}.one`, `${stem}.other`]));
    }
  });

  it('have every key the page looks up, and none it never does', () => {
    const groups = new Set([...stems].map((k) => k.split('.')[0]));
    const used = new Map<string, string>(); // key → where
    for (const file of scripts()) {
      const code = readFileSync(file, 'utf8');
      // t('key', …), and the keys kept in maps or chosen by a condition: any 'group.name' literal.
      for (const [, key] of code.matchAll(/'([a-z][A-Za-z]*\.[\w.]+)'/g)) if (groups.has(key!.split('.')[0])) used.set(key!, relative(WEB, file));
      for (const [, key] of code.matchAll(/\bt\(\s*'([^']+)'/g)) used.set(key!, relative(WEB, file));
    }
    for (const [, key] of HTML.matchAll(/data-i18n(?:-html|-title|-aria-label)?="([^"]+)"/g)) used.set(key!, 'index.html');
    expect(used.size).toBeGreaterThan(200);
    for (const [key, where] of used) expect(stems.has(key), `${key} (${where})`).toBe(true);
    expect([...stems].filter((k) => !used.has(k))).toEqual([]);
  });

  it('say in English what index.html says before the script runs', () => {
    const plain = (s: string) => s.replace(/\s+/g, ' ').replace(/&amp;/g, '&').trim();
    const marked = [...HTML.matchAll(/<(\w+)[^>]* data-i18n(-html)?="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g)];
    expect(marked.length).toBeGreaterThan(80);
    for (const [, , , key, inner] of marked) expect(plain(inner!), key).toBe(plain(en[key as keyof typeof en]));
    const attributes = [...HTML.matchAll(/ (title|aria-label)="([^"]+)" data-i18n-(?:title|aria-label)="([^"]+)"/g)];
    expect(attributes.length).toBeGreaterThan(10);
    for (const [, , text, key] of attributes) expect(text, key).toBe(en[key as keyof typeof en]);
  });
});

describe('t()', () => {
  it('fills placeholders, counts with English digits, and picks the count’s form', () => {
    expect(t('header.period', { start: 'Nov 1', end: 'Nov 30, 2026', day: 1 })).toBe('Nov 1 – Nov 30, 2026 · resets on day 1');
    expect(t('agents.responses', { n: 1 })).toBe('1 response');
    expect(t('agents.responses', { n: 12345 })).toBe('12,345 responses');
    expect(t('agents.responses', { n: 0 })).toBe('0 responses');
    expect(t('no.such.key')).toBe('no.such.key');
  });
});

describe('web/format.js', () => {
  it('says in its own English (the CLI’s and the report’s) what en.js says', () => {
    const NOW = Date.parse('2026-11-18T12:00:00Z');
    setView({ unit: 'usd', currency: { symbol: '$', secondary: null }, timezone: 'UTC' });
    const texts = () => [
      ...[5, 300, 7_200, 200_000].map((s) => ago(NOW - s * 1000, NOW)),
      ...[20_000, 300_000, 7_000_000].map(duration),
      ...[45_000, 245_000, 900_000, 6_000_000, 3 * 86_400_000, 3 * 86_400_000 + 4 * 3_600_000].map(span),
      overOr(-5), costText(0, 1), tokens('12.3M'),
      forecastMethod({ workdays: 0, from: '2026-11-01' }), forecastMethod({ workdays: 7, from: '2026-11-01' }),
    ];
    setLanguage(null, 'en-US');
    const own = texts();
    setLanguage(t, 'en-US');
    expect(texts()).toEqual(own);
    expect(own).toContain('over by $5.00');
    setLanguage(null, 'en-US');
  });
});

describe('the language picked', () => {
  it('is ?lang=, else the stored one, else the first German or English of the browser, else English', () => {
    expect(pickLang({ query: null, stored: null, languages: [] })).toBe('en');
    expect(pickLang({ query: 'de', stored: 'en', languages: ['en-US'] })).toBe('de');
    expect(pickLang({ query: 'fr', stored: 'de', languages: ['en-US'] })).toBe('de');
    expect(pickLang({ query: null, stored: null, languages: ['fr-FR', 'de-AT', 'en-US'] })).toBe('de');
    expect(pickLang({ query: null, stored: null, languages: ['fr-FR', 'en-GB', 'de'] })).toBe('en');
    expect(pickLang({ query: null, stored: 'xx', languages: ['fr-FR'] })).toBe('en');
  });
});

describe('figures in German', () => {
  // setLang works on the page: a document without elements and a storage are enough here.
  const globals = globalThis as Record<string, unknown>;
  const stored = new Map<string, string>();
  beforeAll(() => {
    globals.document = { documentElement: {}, querySelectorAll: () => [], querySelector: () => null, getElementById: () => null };
    globals.localStorage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) };
    setLang('de');
  });
  afterAll(() => {
    setLang('en');
    delete globals.document;
    delete globals.localStorage;
  });

  it('name days and months in German and keep numbers and money as in English', () => {
    expect(lang()).toBe('de');
    expect(stored.get('runway-lang')).toBe('de');
    expect(formatDay('2026-11-18')).toBe('18. Nov.');
    expect(formatDay('2026-11-18', DAY_WEEKDAY)).toBe('Mi., 18. Nov.');
    expect(ago(Date.now() - 5 * 60_000)).toBe('vor 5 min');
    expect(span(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 Tg. 4 h');
    expect(duration(95 * 60_000)).toBe('1 h 35 min');
    setView({ unit: 'usd', currency: { symbol: '$', secondary: null }, timezone: 'UTC' });
    expect(overOr(-1234.5)).toBe('$1,234.50 drüber');
    expect(costText(0, 3)).toBe('ohne Preis');
    expect(forecastMethod({ workdays: 12, from: '2026-11-01' })).toBe('der Schnitt der 12 Arbeitstage seit 2026-11-01, Wochenendausgaben eingerechnet');
    setView({ unit: 'tokens', currency: { symbol: '$', secondary: null }, timezone: 'UTC' });
    expect(amount(12_345_678)).toBe('12.3M Tokens');
    expect(t('agents.responses', { n: 1 })).toBe('1 Antwort');
    expect(t('dailyBudget.perWorkday', { n: 1234 })).toBe('je Arbeitstag für die 1,234 verbleibenden Arbeitstage');
  });

  it('says the forecast method in English exactly as the server does', async () => {
    setLang('en');
    const { forecastMethod: server } = await import('../../figures/summary.js');
    for (const f of [{ workdays: 0, from: '2026-11-01' }, { workdays: 12, from: '2026-11-01' }]) expect(forecastMethod(f)).toBe(server(f));
    setLang('de');
  });
});
