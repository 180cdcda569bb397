// Words for POSIX sh: quoting one so that sh expands nothing, and reading a command line back.

/** One word for POSIX sh, single-quoted: nothing inside is expanded. */
export function shQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One word for POSIX sh: bare when sh reads nothing special in it, else single-quoted. */
export function shWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : shQuote(word);
}

/** The words of a sh command line with quotes removed: enough to recognise ours, no expansion. */
export function shWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      const stop = end < 0 ? command.length : end;
      word = (word ?? '') + command.slice(i + 1, stop);
      i = stop;
    } else if (c === '"') {
      word ??= '';
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === '\\' && '"\\$`'.includes(command[i + 1] ?? '')) i++;
        word += command[i];
      }
    } else if (c === '\\') {
      word = (word ?? '') + (command[++i] ?? '');
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
