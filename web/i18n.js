// The page's language: its words (web/i18n/*.js) and the locale its dates are named in.
// Nothing here runs at import; the page starts it (startLang), and hands it to web/format.js,
// which the CLI and the HTML report use in English without it.
import { setLanguage } from './format.js';
import { de } from './i18n/de.js';
import { en } from './i18n/en.js';

export const LANGUAGES = { en, de };
const LOCALES = { en: 'en-US', de: 'de-DE' };
const STORAGE_KEY = 'runway-lang';

let current = 'en';
let plurals = new Intl.PluralRules('en');

export function lang() {
  return current;
}

/** The Intl locale of the language: day and month names follow it, figures do not. */
export function locale() {
  return LOCALES[current];
}

// Counts keep the English digits every surface shows (1,234), whatever the language.
const shown = (value) => (typeof value === 'number' && Number.isInteger(value) ? value.toLocaleString('en-US') : String(value));

/**
 * The text of a key in the current language, its {placeholders} filled from params; with a
 * numeric params.n, a key without text of its own picks its `.one` or `.other` form. A key
 * missing from German falls back to English, one missing from both shows as itself.
 */
export function t(key, params = {}) {
  const words = LANGUAGES[current];
  let text = words[key] ?? en[key];
  if (text === undefined && typeof params.n === 'number') {
    const form = `${key}.${plurals.select(params.n) === 'one' ? 'one' : 'other'}`;
    text = words[form] ?? en[form];
  }
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? shown(params[name]) : whole));
}

/** ?lang=, else the stored choice, else the first German or English of the browser's, else English. */
export function pickLang({ query, stored, languages }) {
  for (const code of [query, stored]) if (code && code in LANGUAGES) return code;
  for (const tag of languages ?? []) {
    const code = tag.toLowerCase().slice(0, 2);
    if (code === 'de' || code === 'en') return code;
  }
  return 'en';
}

function storedLang() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked: the choice lasts as long as the URL says it
  }
}

/** The language the page opens in, applied to its static texts. */
export function startLang() {
  const query = new URLSearchParams(location.search).get('lang');
  apply(pickLang({ query, stored: storedLang(), languages: navigator.languages }));
}

/** Switches to a language (en or de) and remembers it for the next visit; the caller redraws the cards. */
export function setLang(code) {
  if (!(code in LANGUAGES)) return;
  apply(code);
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Not stored: the URL still carries it.
  }
}

function apply(code) {
  current = code;
  plurals = new Intl.PluralRules(code);
  setLanguage(t, LOCALES[code]);
  document.documentElement.lang = code;
  translateStatic(document);
}

/** The page's fixed texts: data-i18n (text), data-i18n-html (this app's own markup), and attributes. */
export function translateStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-html]')) el.innerHTML = t(el.dataset.i18nHtml);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  const select = root.getElementById?.('lang-select');
  if (select) select.value = current;
  const chip = root.querySelector('[data-testid="lang"]');
  if (chip) chip.textContent = current.toUpperCase();
}
