import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { claudeCode } from '../../../sources/claude-code/index.js';
import { defaultSettingsPath } from '../../../sources/claude-code/settings.js';

describe("Claude Code's folders", () => {
  it('reads CLAUDE_CONFIG_DIR as a comma-separated list for the logs and for settings.json alike', () => {
    const env = { CLAUDE_CONFIG_DIR: ' /srv/claude-a , /srv/claude-b' };
    expect(claudeCode.roots(env)).toEqual(['/srv/claude-a', '/srv/claude-b']);
    expect(defaultSettingsPath(env)).toBe('/srv/claude-a/settings.json');
  });

  it('without it, reads both homes and edits ~/.claude/settings.json', () => {
    expect(claudeCode.roots({ HOME: '/home/me' })).toEqual(['/home/me/.config/claude', '/home/me/.claude']);
    expect(defaultSettingsPath({}, '/home/me')).toBe(join('/home/me', '.claude', 'settings.json'));
  });
});
