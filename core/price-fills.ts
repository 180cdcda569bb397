// Prices the maintained package lacks or gets wrong, as rows in the package's own format,
// matched before it. Each row says where its prices come from and when they were checked.
// test/core/price-fills.test.ts lists where these and the package disagree, so a package
// update that adds or fixes one of them is noticed and the row can go.

const PRICING_PAGE = 'https://platform.claude.com/docs/en/about-claude/pricing';

type Tiered = { base: number; tiers: { start: number; price: number }[] };
type Rate = number | Tiered;
interface Prices {
  input_mtok: Rate;
  output_mtok: Rate;
  cache_write_mtok: Rate;
  cache_write_1h_mtok: Rate;
  cache_read_mtok: Rate;
  web_searches_kcount: number;
}

export interface PriceFill {
  id: string;
  match: { regex: string };
  prices: Prices | { constraint?: { start_date: string }; prices: Prices }[];
  /** Where the prices were read, and when. */
  source: string;
  checked: string;
  /** Why the package's row is not enough. */
  why: string;
}

/** The id, with a date suffix (-20261007) or none; `[1m]` tags are taken off before matching. */
const id = (model: string) => ({ regex: `^${model}(-\\d{8})?$` });

/** Standard rates, and the rates above `start` prompt tokens for the whole request. */
const banded = (start: number, below: number, above: number): Tiered => ({ base: below, tiers: [{ start, price: above }] });

const flat = (input: number, output: number, cw5m: number, cw1h: number, read: number): Prices => ({
  input_mtok: input, output_mtok: output, cache_write_mtok: cw5m, cache_write_1h_mtok: cw1h, cache_read_mtok: read, web_searches_kcount: 10,
});

export const PRICE_FILLS: readonly PriceFill[] = [
  {
    id: 'claude-haiku-5-5',
    match: id('claude-haiku-5-5'),
    prices: {
      input_mtok: banded(100_000, 0.1, 0.5),
      output_mtok: banded(100_000, 0.5, 2.5),
      cache_write_mtok: banded(100_000, 0.125, 0.625),
      cache_write_1h_mtok: banded(100_000, 0.2, 1),
      cache_read_mtok: banded(100_000, 0.01, 0.05),
      web_searches_kcount: 10,
    },
    source: PRICING_PAGE,
    checked: '2026-12-01',
    why: 'missing from the package; two bands, judged per request on the prompt (input + cache writes + cache reads), the higher one for every token of a request over 100,000',
  },
  {
    id: 'claude-sonnet-5-5',
    match: id('claude-sonnet-5-5'),
    prices: [
      { prices: flat(2, 10, 2.5, 4, 0.2) },
      { constraint: { start_date: '2026-10-07' }, prices: flat(2, 10, 2.5, 4, 0.1) },
    ],
    source: PRICING_PAGE,
    checked: '2026-12-01',
    why: 'the package prices it as Sonnet 5, without the cache-read cut to $0.10 from 2026-10-07',
  },
  {
    id: 'claude-mythos-5-1',
    match: id('claude-mythos-5-1'),
    prices: flat(10, 50, 12.5, 20, 0.25),
    source: 'https://platform.claude.com/docs/en/about-claude/models/overview',
    checked: '2026-12-01',
    why: 'missing from the package; the same model and prices as Fable 5.1 (cache read 0.025× input)',
  },
  {
    id: 'claude-mythos-5',
    match: id('claude-mythos-5'),
    prices: flat(10, 50, 12.5, 20, 1),
    source: 'https://platform.claude.com/docs/en/about-claude/models/overview',
    checked: '2026-12-01',
    why: 'missing from the package; the same model and prices as Fable 5',
  },
];
