// The most recently active sessions.
import { cell, element, fig, fillTable, nameCell } from '../dom.js';
import { ago, costText, duration, formatInstant, lastPathPart, shortModel, thousands } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { sessions: { limit: '10' } };

export function render({ sessions }) {
  fillTable(fig('recent-sessions'), sessions.sessions.map((sess) => {
    const tr = element('tr');
    const when = cell(ago(sess.lastAt), 'nowrap');
    when.title = formatInstant(sess.lastAt);
    const project = nameCell(lastPathPart(sess.project), `${sess.project}\n${t('sessions.session', { agent: sess.agent, id: sess.sessionId })}`);
    const models = cell(sess.models.map(shortModel).join(', '), 'hide-sm muted nowrap');
    tr.append(when, project, models, cell(duration(sess.lastAt - sess.firstAt), 'num hide-sm'),
      cell(thousands(sess.responses), 'num hide-sm'), cell(costText(sess.cost, sess.unpricedResponses), 'num'));
    return tr;
  }), t('sessions.none'));
}
