// `runway sync` and `runway team init`: this machine's responses pushed to the team's PostgreSQL.
import type { CommandResult, Context, Flags } from './context.js';

export interface SyncFlags extends Flags {
  to?: string;
  url?: string;
  watch?: boolean;
}

export async function syncCommand(_ctx: Context, _flags: SyncFlags): Promise<CommandResult> {
  return '';
}

export async function teamInitCommand(_ctx: Context, _flags: SyncFlags): Promise<CommandResult> {
  return '';
}
