// Every agent Runway reads, in one list: the scan walks each one's roots, and everything
// after a source's `parse` is the same for all of them. Adding an agent: sources/README.md.
import { claudeCode } from './claude-code/index.js';
import type { Source } from './types.js';

export const SOURCES: readonly Source[] = [claudeCode];
