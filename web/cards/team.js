// The team, under `runway serve --team`: which database the page reads, each person's spend
// this period against their budget, and each device with its last sync; a device silent past
// team.stale_after is marked stale, its spend still counted. Hidden on one machine's page.
import { cell, element, fig, fillTable, nameCell, setFigure, setTone } from '../dom.js';
import { ago, costText, money, thousands } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { team: {} };
export const always = true;

export function render({ team: { team } }) {
  const card = document.querySelector('[data-card="team"]');
  card.hidden = !team;
  if (!team) return;
  setFigure('team-database', team.error ? t('team.readFailed', { database: team.database, error: team.error }) : t('team.database', { database: team.database }), team.database);
  setTone(fig('team-database'), team.error ? 'warn' : null);
  fillTable(fig('team-persons'), team.persons.map((person) => {
    const tr = element('tr');
    tr.dataset.person = person.person;
    const spent = cell(costText(person.spent, person.unpricedResponses), 'num');
    spent.dataset.value = String(person.spent);
    const budget = cell(person.budget === null ? '—' : money(person.budget), 'num');
    setTone(spent, person.budget !== null && person.spent >= person.budget ? 'bad' : null);
    tr.append(nameCell(person.person, person.person), spent, budget, cell(thousands(person.devices), 'num hide-sm'));
    return tr;
  }), t('team.nobody'));
  fillTable(fig('team-devices'), team.devices.map((d) => {
    const tr = element('tr');
    tr.dataset.device = d.name;
    tr.dataset.stale = String(d.stale);
    const spent = cell(costText(d.spent, d.unpricedResponses), 'num');
    spent.dataset.value = String(d.spent);
    const last = cell(d.stale ? t('team.stale', { ago: ago(Date.parse(d.lastSyncAt)) }) : ago(Date.parse(d.lastSyncAt)), 'num');
    setTone(last, d.stale ? 'warn' : null);
    tr.append(nameCell(d.name, `${d.label} · ${d.person}`), cell(d.person), spent, last);
    return tr;
  }), t('team.noDevice'));
}
