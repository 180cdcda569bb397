// Every figure's text: numbers, money, percentages, dates and durations. The page and the HTML
// report run this file as it is, and the CLI's usd() is money(), so a cost reads the same on
// every surface. It touches no DOM, and date formats are built on first use: loading Intl's
// data costs a CLI command ~40 ms, and most commands format no date. What TypeScript imports
// from here carries JSDoc types, which tsc reads. Its few words are English unless the page's
// web/i18n.js hands over its language (setLanguage); numbers and money keep one format in
// every language.

/** @type {{ t: ((key: string, params?: Record<string, string>) => string) | null, locale: string }} */
const language = { t: null, locale: 'en-US' };

/** The page's t() and Intl locale: words and day names in its language from then on. */
export function setLanguage(t, locale) {
  Object.assign(language, { t, locale });
}

/** A key's text in the page's language; `english` where no language was handed over (the CLI, the report). */
function say(key, params, english) {
  return language.t ? language.t(key, params) : english;
}

/** Formatting context from the latest summary: unit, currency and time zone. */
export const view = { unit: 'usd', symbol: '$', secondary: null, timezone: undefined };

/** Formats what follows in a summary's unit, currency and time zone. */
export function setView(summary) {
  Object.assign(view, { unit: summary.unit, symbol: summary.currency.symbol, secondary: summary.currency.secondary, timezone: summary.timezone });
}

export function thousands(digits) {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The decimal digits of a whole number ≥ 0, never in exponent notation (String(1e21) is "1e+21"). */
function plainDigits(whole) {
  const [mantissa, exponent] = String(whole).split('e+');
  return exponent === undefined ? mantissa : mantissa.replace('.', '').padEnd(Number(exponent) + 1, '0');
}

/**
 * Money: two decimals, thousands separators, a minus sign for negatives. Past 1e15 a double
 * holds no cents, and toFixed turns to exponents from 1e21: whole units there.
 * @param {number} value
 * @param {string} [symbol]
 * @returns {string}
 */
export function money(value, symbol = view.symbol) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'n/a' : `${value < 0 ? '-' : ''}${symbol}∞`;
  const abs = Math.abs(value);
  const [whole, cents] = abs < 1e15 ? abs.toFixed(2).split('.') : [plainDigits(Math.round(abs)), '00'];
  // -0.001 rounds to $0.00, which has no sign.
  const sign = value < 0 && /[1-9]/.test(whole + cents) ? '-' : '';
  return `${sign}${symbol}${thousands(whole)}.${cents}`;
}

/** Token counts: 950, 12.3k, 4.5M, 1.23B. */
export function compact(value) {
  const abs = Math.abs(value);
  if (abs < 1000) return thousands(Math.round(value));
  if (abs < 1e6) return `${(value / 1e3).toFixed(1)}k`;
  if (abs < 1e9) return `${(value / 1e6).toFixed(1)}M`;
  return `${(value / 1e9).toFixed(2)}B`;
}

/** A budget amount in the budget's unit. */
export function amount(value) {
  return view.unit === 'tokens' ? tokens(compact(value)) : money(value);
}

/** A token count's text with its unit word: '12.3M tokens'. */
export function tokens(count) {
  return say('format.tokens', { n: count }, `${count} tokens`);
}

/** An amount left, or by how much it is overdrawn. */
export function overOr(value) {
  if (value >= 0) return amount(value);
  const over = amount(-value);
  return say('format.overBy', { amount: over }, `over by ${over}`);
}

/** Axis ticks: short, unit-aware. */
export function axisAmount(value) {
  if (view.unit === 'tokens') return compact(value);
  return Math.abs(value) >= 1000 ? `${view.symbol}${compact(value)}` : `${view.symbol}${thousands(Math.round(value))}`;
}

/**
 * A dollar amount in the second currency: at its fixed rate, rounded as every amount is
 * (to two decimals), marked approximate. Every surface writes it with this one rule.
 */
export function converted(value, secondary) {
  return `≈ ${money(value * secondary.rate, secondary.symbol)} ${secondary.code}`;
}

/** The amount in the secondary currency, or '' when there is none (or the unit is tokens). */
export function secondaryText(value) {
  const sec = view.secondary;
  if (!sec || view.unit === 'tokens') return '';
  return converted(value, sec);
}

/** A dollar cost that never shows unpriced usage as $0. */
export function costText(cost, unpricedResponses) {
  if (!unpricedResponses) return money(cost);
  return cost > 0 ? `${money(cost)}+?` : say('format.unpriced', {}, 'unpriced');
}

/**
 * @param {number} fraction
 * @returns {string}
 */
export function percent(fraction) {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A quota's percentage as the status line reports it: whole, or to one decimal. */
export function quotaPercent(value) {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/**
 * @param {number} count
 * @param {string} word
 * @returns {string}
 */
export function plural(count, word) {
  return `${thousands(count)} ${word}${count === 1 ? '' : 's'}`;
}

// Calendar dates are zone-free 'YYYY-MM-DD': formatted at UTC so they never shift. Day and
// month names are the page language's.
/** @type {Intl.DateTimeFormatOptions} */
export const DAY_SHORT = { month: 'short', day: 'numeric' };
/** @type {Intl.DateTimeFormatOptions} */
export const DAY_WEEKDAY = { weekday: 'short', month: 'short', day: 'numeric' };
/** @type {Intl.DateTimeFormatOptions} */
export const DAY_YEAR = { month: 'short', day: 'numeric', year: 'numeric' };
/** @type {Intl.DateTimeFormatOptions} */
export const DAY_FULL = { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' };
const dayFormats = new Map();

/**
 * @param {string} iso
 * @param {Intl.DateTimeFormatOptions} [options] one of the DAY_ formats
 * @returns {string}
 */
export function formatDay(iso, options = DAY_SHORT) {
  const byLocale = dayFormats.get(options) ?? new Map();
  dayFormats.set(options, byLocale);
  let format = byLocale.get(language.locale);
  if (!format) byLocale.set(language.locale, (format = new Intl.DateTimeFormat(language.locale, { ...options, timeZone: 'UTC' })));
  const [y, m, d] = iso.split('-').map(Number);
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in the configured zone; the browser's zone if that name is unknown here. */
export function formatInstant(ms, options = { dateStyle: 'medium', timeStyle: 'medium' }) {
  try {
    return new Intl.DateTimeFormat(language.locale, { ...options, timeZone: view.timezone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(language.locale, options).format(ms);
  }
}

/** A time of day, with the weekday and date when it is further than a day off (the 7-day window). */
export function clockTime(ms, withDate = false) {
  const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return formatInstant(ms, withDate ? { weekday: 'short', month: 'short', day: 'numeric', ...time } : time);
}

export function ago(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return say('format.agoSeconds', { n: String(s) }, `${s} s ago`);
  if (s < 3600) return say('format.agoMinutes', { n: String(Math.floor(s / 60)) }, `${Math.floor(s / 60)} min ago`);
  if (s < 86400) return say('format.agoHours', { n: String(Math.floor(s / 3600)) }, `${Math.floor(s / 3600)} h ago`);
  return say('format.agoDays', { n: String(Math.floor(s / 86400)) }, `${Math.floor(s / 86400)} d ago`);
}

/**
 * @param {number} ms
 * @returns {string}
 */
export function duration(ms) {
  const min = Math.round(ms / 60000);
  if (min < 1) return say('format.underAMinute', {}, '<1 min');
  if (min < 60) return minutes(min);
  return hoursMinutes(min);
}

/** A countdown or a margin: '45 s', '4 min 05 s' (close to zero), '1 h 40 min', '3 d 4 h', '3 d'. */
export function span(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return say('format.seconds', { s: String(s) }, `${s} s`);
  if (s < 600) {
    const [m, rest] = [String(Math.floor(s / 60)), String(s % 60).padStart(2, '0')];
    return say('format.minutesSeconds', { m, s: rest }, `${m} min ${rest} s`);
  }
  const min = Math.round(s / 60);
  if (min < 60) return minutes(min);
  if (min < 1440) return hoursMinutes(min);
  const hours = Math.round(min / 60);
  const [d, h] = [String(Math.floor(hours / 24)), String(hours % 24)];
  return hours % 24 ? say('format.daysHours', { d, h }, `${d} d ${h} h`) : say('format.days', { d }, `${d} d`);
}

function minutes(min) {
  return say('format.minutes', { m: String(min) }, `${min} min`);
}

function hoursMinutes(min) {
  const [h, m] = [String(Math.floor(min / 60)), String(min % 60).padStart(2, '0')];
  return say('format.hoursMinutes', { h, m }, `${h} h ${m} min`);
}

/** The forecast's method as the summary states it (figures/summary.ts), in the page's language. */
export function forecastMethod(forecast) {
  if (forecast.workdays === 0) return say('forecast.methodNoWorkday', {}, 'what was spent before today (no workday behind it yet)');
  const n = String(forecast.workdays);
  return say('forecast.method', { n, from: forecast.from }, `the ${n}-workday average since ${forecast.from}, weekend spend included`);
}

/** 'claude-opus-4-5-20251101' → 'opus-4-5': the date suffix adds nothing in a narrow cell. */
export function shortModel(model) {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}

/**
 * @param {string} path
 * @returns {string}
 */
export function lastPathPart(path) {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
