import { describe, expect, it } from 'vitest';
import { progressBar } from '../../cli/progress.js';

const fakeStream = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream };
};

describe('scan progress bar', () => {
  it('draws on a terminal for a long scan and clears the line at the end', () => {
    const { out, stream } = fakeStream(true);
    const bar = progressBar(stream, 100);
    bar(50, 200);
    bar(200, 200);
    expect(out[0]).toContain('25% of');
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent when output is not a terminal or the scan is short', () => {
    const pipe = fakeStream(false);
    progressBar(pipe.stream, 100)(50, 200);
    const short = fakeStream(true);
    progressBar(short.stream, 1000)(50, 200);
    expect([...pipe.out, ...short.out]).toEqual([]);
  });
});
