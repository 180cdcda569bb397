/** Draws a progress bar on a terminal when a scan has much to read; silent otherwise. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, minBytes = 64 << 20): (done: number, total: number) => void {
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
    stream.write(`\rscanning ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round((done / total) * 100)}% of ${(total / 2 ** 20).toFixed(0)} MB`);
  };
}
