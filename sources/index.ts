// Every agent Runway reads, in one list: the scan walks each one's roots, and everything
// after a source's `parse` is the same for all of them. Adding an agent: sources/README.md.
import { claudeCode } from './claude-code/index.js';
import { codex } from './codex/index.js';
import { copilot } from './copilot/index.js';
import { gemini } from './gemini/index.js';
import { opencode } from './opencode/index.js';
import type { Source } from './types.js';

export const SOURCES: readonly Source[] = [claudeCode, codex, gemini, opencode, copilot];
