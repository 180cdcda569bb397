// Every word `runway watch` draws, per language, under the same keys. Placeholders are {name};
// a count's two forms are `key.one` and `key.other`, looked up as `key` with a numeric {n}.
// `runway status` draws some of the same lines and stays English.

const en = {
  'label.spent': 'spent',
  'label.budget': 'budget',
  'label.today': 'today',
  'label.burn': 'burn',
  'label.forecast': 'forecast',
  'label.quota': '{window} quota',
  'label.block': '5h block',
  'label.last14': 'last 14d',
  'title.scope': 'scope {scope}',
  'title.agent': 'agent {agent}',
  'title.demo': 'demo',
  'amount.tokens': '{n} tokens',
  'spent.ofBudget': '{spent} of {budget} · {left}',
  'spent.left': '{amount} left',
  'spent.over': '{amount} over',
  'spent.period': '{spent} this period',
  'budget.pace': 'pace │ {pct}%',
  'today.line': '{spent} of {daily} daily budget · {left}',
  'today.overBy': 'over by {amount}',
  'today.notWorkday': '(not a workday)',
  'burn.line': '{rate}/day last 24h · avg {avg}/day · {sessions}',
  'burn.sessions.one': '{n} session',
  'burn.sessions.other': '{n} sessions',
  'forecast.by': '{amount} by {day}',
  'forecast.surplus': 'surplus {amount} [{status}]',
  'forecast.short': 'short by {amount} [{status}]',
  // As figures/summary.ts's forecastMethod says it, rebuilt so it can be said in German too.
  'forecast.method': 'at the {n}-workday average since {from}, weekend spend included',
  'forecast.methodNoWorkday': 'at what was spent before today (no workday behind it yet)',
  'status.green': 'green',
  'status.yellow': 'yellow',
  'status.red': 'red',
  'runOut.lasts': '✓ lasts the period',
  'runOut.today': '✗ runs dry today',
  'runOut.on.one': '✗ runs dry {day}, in {n} day',
  'runOut.on.other': '✗ runs dry {day}, in {n} days',
  'noBudget.title': 'no monthly budget',
  'noBudget.hint': '{command} sets one and turns on pacing',
  'quota.resetSince': 'reset since',
  'quota.resetUnknown': 'reset time unknown',
  'quota.resetsIn': 'resets in {time}',
  'quota.expired': 'the window reset after the last reading ({pct}% {at})',
  'quota.notBurning': 'not burning',
  'quota.perHour': '{rate}%/h',
  'quota.perDay': '{rate}%/day',
  'quota.fullNow': 'full now',
  'quota.full': 'full {at}',
  'quota.spare': '+{time} to spare',
  'quota.short': '-{time}: runs out before the reset',
  'at.today': 'at {time}',
  'at.day': 'on {day} {time}',
  'block.note': 'estimated from logs · quota bars: runway statusline --install',
  'block.idle': 'no usage in the current 5 hours',
  'block.line': '{cost} so far{projected} · {left} left',
  'block.projected': ' → {cost} {at} at this pace',
  'last14.max': 'max {amount}/day',
  'unpriced.models': '{n} models',
  'unpriced.line': '+? {what}: {n} responses this period not priced',
  'noUsage.line': 'No usage found yet. Looked in: {roots}',
  'noUsage.notFound': '(not found)',
  'noUsage.noFolders': '(no log folders)',
  'refresh.failed': 'refresh failed: {error}',
  'footer.keys': 'q quit · l {other} · refreshes every {seconds} · {scanned}',
  'footer.otherLanguage': 'Deutsch',
  'footer.demo': 'demo data, nothing scanned',
  'footer.noScan': 'not scanning (--no-scan)',
  'footer.notScanned': 'not scanned yet',
  'footer.lastScan': 'last scan {time}',
  'models.head': 'today by model',
  'models.cost': 'cost',
  'models.tokens': 'tokens',
  'models.responses': 'responses',
  'models.more': '… and {n} more',
  'models.none': 'no usage yet today',
} as const;

export type WatchKey = keyof typeof en;

// German labels stay within the 10 columns before the bars.
const de: Record<WatchKey, string> = {
  'label.spent': 'Ausgaben',
  'label.budget': 'Budget',
  'label.today': 'heute',
  'label.burn': 'Verbrauch',
  'label.forecast': 'Prognose',
  'label.quota': '{window}-Limit',
  'label.block': '5h-Block',
  'label.last14': '14 Tage',
  'title.scope': 'Bereich {scope}',
  'title.agent': 'Agent {agent}',
  'title.demo': 'Demo',
  'amount.tokens': '{n} Tokens',
  'spent.ofBudget': '{spent} von {budget} · {left}',
  'spent.left': '{amount} übrig',
  'spent.over': '{amount} drüber',
  'spent.period': '{spent} in dieser Periode',
  'budget.pace': 'Soll │ {pct}%',
  'today.line': '{spent} von {daily} Tagesbudget · {left}',
  'today.overBy': '{amount} drüber',
  'today.notWorkday': '(kein Arbeitstag)',
  'burn.line': '{rate}/Tag letzte 24 h · Schnitt {avg}/Tag · {sessions}',
  'burn.sessions.one': '{n} Sitzung',
  'burn.sessions.other': '{n} Sitzungen',
  'forecast.by': '{amount} bis {day}',
  'forecast.surplus': 'Überschuss {amount} [{status}]',
  'forecast.short': 'Fehlbetrag {amount} [{status}]',
  'forecast.method': 'nach dem Schnitt der {n} Arbeitstage seit {from}, Wochenendausgaben eingerechnet',
  'forecast.methodNoWorkday': 'nach den Ausgaben vor heute (noch kein Arbeitstag dahinter)',
  'status.green': 'grün',
  'status.yellow': 'gelb',
  'status.red': 'rot',
  'runOut.lasts': '✓ reicht für die Periode',
  'runOut.today': '✗ heute aufgebraucht',
  'runOut.on.one': '✗ aufgebraucht am {day}, in {n} Tag',
  'runOut.on.other': '✗ aufgebraucht am {day}, in {n} Tagen',
  'noBudget.title': 'kein Monatsbudget',
  'noBudget.hint': '{command} legt eins fest und schaltet das Pacing ein',
  'quota.resetSince': 'seitdem zurückgesetzt',
  'quota.resetUnknown': 'Reset-Zeit unbekannt',
  'quota.resetsIn': 'Reset in {time}',
  'quota.expired': 'das Fenster wurde nach der letzten Messung zurückgesetzt ({pct}% {at})',
  'quota.notBurning': 'kein Verbrauch',
  'quota.perHour': '{rate}%/h',
  'quota.perDay': '{rate}%/Tag',
  'quota.fullNow': 'jetzt voll',
  'quota.full': 'voll {at}',
  'quota.spare': '+{time} Reserve',
  'quota.short': '-{time}: vor dem Reset aufgebraucht',
  'at.today': 'um {time}',
  'at.day': 'am {day} {time}',
  'block.note': 'aus den Logs geschätzt · Limit-Balken: runway statusline --install',
  'block.idle': 'keine Nutzung in den aktuellen 5 Stunden',
  'block.line': '{cost} bisher{projected} · noch {left}',
  'block.projected': ' → {cost} {at} bei diesem Tempo',
  'last14.max': 'max. {amount}/Tag',
  'unpriced.models': '{n} Modelle',
  'unpriced.line': '+? {what}: {n} Antworten in dieser Periode ohne Preis',
  'noUsage.line': 'Noch keine Nutzung gefunden. Gesucht in: {roots}',
  'noUsage.notFound': '(nicht gefunden)',
  'noUsage.noFolders': '(keine Log-Ordner)',
  'refresh.failed': 'Aktualisierung fehlgeschlagen: {error}',
  'footer.keys': 'q beenden · l {other} · aktualisiert alle {seconds} · {scanned}',
  'footer.otherLanguage': 'English',
  'footer.demo': 'Demodaten, nichts gescannt',
  'footer.noScan': 'scannt nicht (--no-scan)',
  'footer.notScanned': 'noch nicht gescannt',
  'footer.lastScan': 'letzter Scan {time}',
  'models.head': 'heute nach Modell',
  'models.cost': 'Kosten',
  'models.tokens': 'Tokens',
  'models.responses': 'Antworten',
  'models.more': '… und {n} weitere',
  'models.none': 'heute noch keine Nutzung',
};

export const WATCH_LANGS = ['en', 'de'] as const;
export type WatchLang = (typeof WATCH_LANGS)[number];
export const WATCH_STRINGS: Record<WatchLang, Record<WatchKey, string>> = { en, de };

/** A key as the code asks for it: a count's forms by their common stem. */
export type WatchLookup = { [K in WatchKey]: K extends `${infer Stem}.one` ? Stem : K extends `${string}.other` ? never : K }[WatchKey];
export type Say = (key: WatchLookup, params?: Record<string, string | number>) => string;

// Counts keep the English digits every surface shows (1,234), whatever the language.
const shown = (v: string | number) => (typeof v === 'number' && Number.isInteger(v) ? v.toLocaleString('en-US') : String(v));

/** The lookup for one language: placeholders filled, a count's form picked by {n}. */
export function words(lang: WatchLang): Say {
  const dict: Record<string, string> = WATCH_STRINGS[lang];
  const plural = new Intl.PluralRules(lang);
  return (key, params = {}) => {
    const n = params.n;
    const text = dict[key] ?? (typeof n === 'number' ? dict[`${key}.${plural.select(n) === 'one' ? 'one' : 'other'}`] : undefined) ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? shown(params[name]!) : whole));
  };
}

export const ENGLISH = words('en');
