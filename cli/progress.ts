const megabytes = (total: number) => `of ${(total / 2 ** 20).toFixed(0)} MB`;

/** Draws a progress bar on a terminal when a scan (or a sync: its own words) has much to do; silent otherwise. */
export function progressBar(
  stream: NodeJS.WriteStream = process.stderr, minBytes = 64 << 20, words: { doing: string; of: (total: number) => string } = { doing: 'scanning', of: megabytes },
): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    if (!stream.isTTY || total < minBytes) return;
    if (done >= total) {
      stream.write('\r\x1b[K');
      return;
    }
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    stream.write(`\r${words.doing} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round((done / total) * 100)}% ${words.of(total)}`);
  };
}
