// DOM helpers. Text from the API only ever goes in through textContent (or as a text node),
// never as markup.
import { amount, percent, secondaryText, tokens } from './format.js';

export const byId = (id) => document.getElementById(id);
export const fig = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** Sets an element's text and, when given, its raw API value for tests. */
export function setValue(el, text, raw) {
  el.textContent = text;
  if (raw !== undefined) el.dataset.value = raw === null ? '' : String(raw);
  return el;
}

export function setFigure(testid, text, raw) {
  return setValue(fig(testid), text, raw);
}

/** A budget amount plus its secondary-currency line (altValue: what the text shows, e.g. "over by"). */
export function setAmount(testid, value, text = amount(value), altValue = value) {
  const el = setFigure(testid, text, value);
  // "12.3M tokens": the unit word is set smaller so big figures stay on one line.
  const unit = tokens('');
  if (text.endsWith(unit)) el.replaceChildren(text.slice(0, -unit.length), element('span', 'unit', unit));
  const alt = document.querySelector(`[data-alt-for="${testid}"]`);
  if (!alt) return;
  alt.textContent = secondaryText(altValue);
  alt.hidden = !alt.textContent;
}

export function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

export function cell(text, className) {
  return element('td', className, text);
}

/** Replaces a table body with rows, or one muted row when there are none. */
export function fillTable(table, rows, emptyText) {
  if (rows.length) {
    table.tBodies[0].replaceChildren(...rows);
    return;
  }
  const td = cell(emptyText, 'empty-row');
  td.colSpan = table.tHead.rows[0].cells.length;
  const tr = element('tr');
  tr.append(td);
  table.tBodies[0].replaceChildren(tr);
}

/** A share bar and its percentage; the width is set from JS (CSP forbids style attributes in HTML). */
export function shareCell(share, colour) {
  const track = element('span', 'share-bar');
  const fill = element('span', 'share-fill');
  fill.style.width = `${Math.min(100, Math.max(0, share * 100))}%`;
  fill.style.background = colour;
  track.append(fill);
  const box = element('div', 'share');
  box.append(track, element('span', 'share-text', percent(share)));
  const td = cell('', 'share-col');
  td.append(box);
  return td;
}

/** A name that truncates with an ellipsis, optionally after a colour dot; the full text is its title. */
export function nameCell(text, title, colour) {
  const box = element('div', 'name');
  if (colour) {
    const dot = element('span', 'dot');
    dot.style.background = colour;
    box.append(dot);
  }
  box.append(element('span', 'truncate', text));
  const td = cell('', 'name-col');
  td.title = title;
  td.append(box);
  return td;
}

export function setTone(el, tone) {
  el.classList.remove('tone-good', 'tone-warn', 'tone-bad');
  if (tone) el.classList.add(`tone-${tone}`);
}

/** A table row that opens something (the drill-through panel): by click, and by Enter or Space once focused. */
export function openingRow(tr, open) {
  tr.classList.add('is-opening');
  tr.tabIndex = 0;
  tr.setAttribute('aria-haspopup', 'dialog');
  tr.addEventListener('click', open);
  tr.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    open();
  });
  return tr;
}
