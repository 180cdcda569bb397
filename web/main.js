// The dashboard's start-up: the language picked, the controls wired to the refresh loop, then the loop started.
import { byId } from './dom.js';
import { startLang } from './i18n.js';
import { catchUpWhenShown, changeFilter, changeLang, refresh, refreshOnFocus, rerender, startLive } from './live.js';

startLang();

byId('scope-select').addEventListener('change', (event) => changeFilter('scope', event.target.value));
byId('agent-select').addEventListener('change', (event) => changeFilter('agent', event.target.value));
byId('lang-select').addEventListener('change', (event) => changeLang(event.target.value));
byId('retry').addEventListener('click', () => refresh());
window.addEventListener('focus', refreshOnFocus);
document.addEventListener('visibilitychange', catchUpWhenShown);
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', rerender);
startLive();
