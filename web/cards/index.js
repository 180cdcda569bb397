// Every card of the page, in the page's order: its name is its module here and its data-card
// in index.html. A card module exports what it `fetches` (API endpoint → query) and how it
// renders those responses, `render(data, { p, fetchMs })` with p the palette; optionally a
// `tick()` run every second, `always` when it shows without any usage too, and `budgeted`
// when it shows only with a budget (without one its figures are null). An endpoint a card
// asks with its own query carries a label ('where:activity' is /api/where). A new card is
// its module, its markup and its name in this list.
const NAMES = [
  'header',
  'empty-state',
  'no-budget',
  'today',
  'period',
  'spent',
  'daily-budget',
  'avg-workday',
  'burn-rate',
  'session-count',
  'projected-spend',
  'projected-surplus',
  'quota',
  'unpriced',
  'team',
  'daily',
  'cache',
  'last-request',
  'agents',
  'models',
  'projects',
  'activities',
  'tools',
  'sessions',
  'footer',
];

/** Each card's module, loaded by name from this folder, with its name. */
export const cards = await Promise.all(NAMES.map(async (name) => {
  const module = await import(new URL(`${name}.js`, import.meta.url).href);
  return { name, ...module };
}));
