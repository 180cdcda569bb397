// `runway yield`: being built.
import { UserError, type Context } from './context.js';
import type { Values } from './commands.js';

export async function yieldCommand(_ctx: Context, _values: Values): Promise<string> {
  throw new UserError('runway yield is not built yet');
}
