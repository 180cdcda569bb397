// Colours live in CSS variables (light and dark in one stylesheet); whatever draws in script
// reads them here, so both themes keep one source. A tone names what a colour means.

export const TONE_BY_STATUS = { green: 'good', yellow: 'warn', red: 'bad' };
const FAMILY_VARS = { opus: '--fam-opus', sonnet: '--fam-sonnet', haiku: '--fam-haiku' };

export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The chart colours, named in camelCase: --bar-today is barToday. */
export function palette() {
  const names = ['text', 'muted', 'grid', 'track', 'good', 'warn', 'bad', 'accent', 'bar', 'bar-dim', 'bar-over',
    'bar-today', 'bar-today-border', 'line', 'band', 'surface', 'font', 'fam-other'];
  return Object.fromEntries(names.map((n) => [n.replace(/-(\w)/g, (_, c) => c.toUpperCase()), cssVar(`--${n}`)]));
}

/** Today's donut: green above 0.66, yellow 0.33–0.66, red below. */
export function runwayTone(fraction) {
  if (fraction > 0.66) return 'good';
  return fraction >= 0.33 ? 'warn' : 'bad';
}

/** A model family's colour; families without one of their own take the extras by position. */
export function familyColour(family, p, index) {
  const name = FAMILY_VARS[family];
  if (name) return cssVar(name);
  const extras = [cssVar('--fam-4'), cssVar('--fam-5'), p.famOther];
  return extras[index % extras.length];
}
