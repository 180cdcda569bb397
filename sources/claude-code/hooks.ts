// What a Claude Code hook prints on stdout (JSON): `decision: "block"` refuses the prompt and
// shows the reason; `systemMessage` is a warning shown to the user. Printing nothing lets the
// prompt through.

export function blockAnswer(reason: string): string {
  return JSON.stringify({ decision: 'block', reason });
}

export function warningAnswer(message: string): string {
  return JSON.stringify({ systemMessage: message });
}
