// Captures `runway watch --demo` at 80×24 for the README: the screen as plain text
// (docs/watch.txt) and, its colours turned into HTML and drawn by headless Chromium, as
// docs/watch.png. Run after a build: node dist/bench/capture-watch.js. Needs tmux and
// /usr/bin/chromium; uses a private HOME, a pinned clock and a throwaway demo database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { packageRoot } from '../lib/paths.js';

const CHROMIUM = '/usr/bin/chromium';
// A Wednesday afternoon, mid-period: every figure has something to show.
const NOW = '2026-11-18T15:00:00Z';
const COLUMNS = 80;
const ROWS = 24;

// The dark palette the screenshot uses for SGR colours 30–37 and 90–97.
const PALETTE = ['#1e2127', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#abb2bf'];
const BRIGHT = ['#5c6370', '#ff7b86', '#b5e890', '#ffd68a', '#8cc8ff', '#de9bf0', '#7fd6e0', '#ffffff'];
const FOREGROUND = '#d7dae0';
const BACKGROUND = '#16181d';

async function main(): Promise<void> {
  const root = packageRoot();
  const home = mkdtempSync(join(tmpdir(), 'runway-capture-'));
  const sock = join(home, 'tmux.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    CLAUDE_CONFIG_DIR: join(home, 'no-logs'),
    RUNWAY_NOW: NOW,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', sock, '-f', '/dev/null', ...args], { env, encoding: 'utf8', stdio: 'pipe' });
  const command = `'${process.execPath}' '${join(root, 'dist', 'cli', 'main.js')}' watch --demo --tz UTC`;
  tmux('new-session', '-d', '-x', String(COLUMNS), '-y', String(ROWS), '-s', 'capture', command);
  try {
    const deadline = Date.now() + 20_000;
    while (!tmux('capture-pane', '-p', '-t', 'capture').includes('q quit')) {
      if (Date.now() > deadline) throw new Error(`runway watch drew no frame:\n${tmux('capture-pane', '-p', '-t', 'capture')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const coloured = tmux('capture-pane', '-e', '-p', '-t', 'capture');
    const plain = tmux('capture-pane', '-p', '-t', 'capture');
    tmux('send-keys', '-t', 'capture', 'q');
    writeFileSync(join(root, 'docs', 'watch.txt'), `${plain.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd()}\n`);
    await screenshot(toHtml(coloured), join(root, 'docs', 'watch.png'));
    process.stdout.write('wrote docs/watch.txt and docs/watch.png\n');
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // The session ended with the q.
    }
    rmSync(home, { recursive: true, force: true });
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SGR attributes a terminal keeps between escape sequences. */
interface Style {
  fg: string | null;
  bold: boolean;
  dim: boolean;
}

function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(';').map(Number);
  const s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) Object.assign(s, { fg: null, bold: false, dim: false });
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 22) Object.assign(s, { bold: false, dim: false });
    else if (c >= 30 && c <= 37) s.fg = PALETTE[c - 30]!;
    else if (c >= 90 && c <= 97) s.fg = BRIGHT[c - 90]!;
    else if (c === 39) s.fg = null;
    else if (c === 38 && codes[i + 1] === 5) {
      const n = codes[i + 2]!;
      s.fg = n < 8 ? PALETTE[n]! : n < 16 ? BRIGHT[n - 8]! : null;
      i += 2;
    } else if (c === 38 && codes[i + 1] === 2) {
      s.fg = `rgb(${codes[i + 2]}, ${codes[i + 3]}, ${codes[i + 4]})`;
      i += 4;
    }
  }
  return s;
}

/** The captured screen as a dark terminal window: each run of one style becomes a span. */
function toHtml(ansi: string): string {
  let style: Style = { fg: null, bold: false, dim: false };
  let body = '';
  const rows = ansi.replace(/\n$/, '').split('\n').slice(0, ROWS);
  while (rows.length < ROWS) rows.push('');
  for (const row of rows) {
    for (const part of row.split(/(\x1b\[[0-9;]*m)/)) {
      const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
      if (sgr) {
        style = applySgr(style, sgr[1]!);
        continue;
      }
      if (!part) continue;
      const css = [style.fg ? `color:${style.fg}` : '', style.bold ? 'font-weight:bold' : '', style.dim ? 'opacity:0.6' : ''].filter(Boolean).join(';');
      body += css ? `<span style="${css}">${escapeHtml(part)}</span>` : escapeHtml(part);
    }
    body += '\n';
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #0b0c0f; }
  .window { display: inline-block; margin: 16px; border-radius: 8px; background: ${BACKGROUND}; box-shadow: 0 6px 24px #0008; overflow: hidden; }
  .bar { height: 28px; background: #2a2d35; display: flex; align-items: center; gap: 8px; padding: 0 12px; }
  .bar i { width: 12px; height: 12px; border-radius: 50%; display: block; }
  pre { margin: 0; padding: 12px 16px 16px; color: ${FOREGROUND}; font: 15px/1.25 'DejaVu Sans Mono', 'Liberation Mono', monospace; width: ${COLUMNS}ch; }
</style></head><body><div class="window"><div class="bar"><i style="background:#ff5f56"></i><i style="background:#ffbd2e"></i><i style="background:#27c93f"></i></div><pre>${body}</pre></div></body></html>`;
}

async function screenshot(html: string, path: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
    await page.setContent(html);
    await page.locator('.window').screenshot({ path });
  } finally {
    await browser.close();
  }
}

await main();
