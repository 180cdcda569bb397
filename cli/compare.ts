// `runway compare`: being built.
import { UserError, type Context } from './context.js';
import type { Values } from './commands.js';

export async function compareCommand(_ctx: Context, _values: Values, _models: string[]): Promise<string> {
  throw new UserError('runway compare is not built yet');
}
