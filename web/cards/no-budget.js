// Without a budget the pacing figures are meaningless (computed against 0), so every one
// marked data-pacing is hidden and this card says how to set a budget instead.
import { fig } from '../dom.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  document.querySelectorAll('[data-pacing]').forEach((el) => { el.hidden = !s.budgetConfigured; });
  fig('no-budget').hidden = s.budgetConfigured;
}
