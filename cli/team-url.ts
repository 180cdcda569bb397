// Where the team database is, for every command that reads or writes it: the flag, then
// RUNWAY_TEAM_URL, then team.url, checked, a mistake naming where the URL came from.
import { UserError, type Context } from './context.js';

/** The team database's URL (`flagName` the command's flag for it, null: none), checked; a mistake names where the URL came from. */
export async function teamTarget(ctx: Context, flag: string | undefined, flagName: string | null): Promise<string> {
  const { teamUrl, urlProblem } = await import('../store/team/connect.js');
  const url = teamUrl(flag, ctx.config.team.url, ctx.env);
  if (url === null) {
    const pass = flagName ? `pass ${flagName} postgres://user@host:port/name, ` : '';
    throw new UserError(`no team database: ${pass}set team.url in ${ctx.configPath}, or set RUNWAY_TEAM_URL`);
  }
  const problem = urlProblem(url);
  if (problem) {
    const from = flag !== undefined ? flagName : ctx.env.RUNWAY_TEAM_URL ? 'RUNWAY_TEAM_URL' : `team.url in ${ctx.configPath}`;
    throw new UserError(`${from}: ${problem}`);
  }
  return url;
}
