// The command line, loaded once Node's compile cache is on (./main.ts). The commands, their
// options, help and handlers are one table: ./commands.ts.
import { operationalMessage, UserError } from './context.js';
import { runCli } from './commands.js';

runCli(process.argv.slice(2)).then(
  (result) => {
    const { out, exitCode } = typeof result === 'string' ? { out: result, exitCode: 0 } : result;
    if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    if (exitCode) process.exitCode = exitCode;
  },
  (e: unknown) => {
    const trouble = operationalMessage(e);
    if (e instanceof UserError) {
      process.stderr.write(`runway: ${e.message}\n`);
      process.exitCode = 2;
    } else if (trouble) {
      process.stderr.write(`runway: ${trouble}\n`);
      process.exitCode = 4;
    } else {
      process.stderr.write(`runway: internal error, please report it:\n${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    }
  },
);
