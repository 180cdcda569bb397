// Sessions active this period.
import { setFigure } from '../dom.js';
import { thousands } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setFigure('sessions', thousands(s.sessions), s.sessions);
}
