/** Trouble with the team database, as one line saying what to do. Apart from connect.ts, so a command that names it does not load pg. */
export class TeamError extends Error {}
