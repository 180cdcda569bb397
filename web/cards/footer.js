// The footer: where prices come from, the cost mode, the time zone, what keeps the figures
// current and the version.
import { fig, setFigure } from '../dom.js';
import { t } from '../i18n.js';

export const fetches = { summary: {}, health: {} };
export const always = true;

let shown = null; // the responses on screen
let streamWatch = null; // how the logs are watched, as the live stream last said

export function render(data) {
  shown = data;
  const s = data.summary;
  setFigure('price-source', s.priceSource);
  setFigure('cost-mode', s.costMode, s.costMode);
  setFigure('timezone', s.timezone, s.timezone);
  setFigure('version', t('footer.version', { version: data.health.version }));
  renderWatch();
}

/** The live stream's word on watching ({ mode, reason }) outranks the last /api/health. */
export function showWatch(watch) {
  streamWatch = watch;
  renderWatch();
}

/** What keeps the figures current: file events, polling, or nothing (the page's timer only). */
function renderWatch() {
  const watch = streamWatch ?? shown?.health.watch;
  const el = fig('watch');
  el.hidden = !watch;
  if (!watch) return;
  const folders = shown?.summary.data.roots.filter((r) => r.exists).length ?? 0;
  const every = /every ([\d.]+ s)/.exec(watch.reason ?? '')?.[1];
  const text = watch.mode === 'events' ? t('footer.watching', { folders: folders ? t('footer.folders', { n: folders }) : t('footer.theFolders') })
    : watch.mode === 'polling' ? (every ? t('footer.pollingEvery', { every }) : t('footer.polling'))
    : t(shown?.summary.demo ? 'footer.notWatchingDemo' : 'footer.notWatching');
  setFigure('watch', text, watch.mode).title = watch.reason ?? '';
}
