// `runway optimize`: being built.
import { UserError, type Context } from './context.js';
import type { Values } from './commands.js';

export async function optimizeCommand(_ctx: Context, _values: Values): Promise<string> {
  throw new UserError('runway optimize is not built yet');
}
