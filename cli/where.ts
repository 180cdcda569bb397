// `runway where`: being built.
import { UserError, type Context } from './context.js';
import type { Values } from './commands.js';

export async function whereCommand(_ctx: Context, _values: Values): Promise<string> {
  throw new UserError('runway where is not built yet');
}
