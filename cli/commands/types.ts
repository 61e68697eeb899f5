export interface Command {
  summary: string;
  /** Returns the process exit status. */
  run(args: string[]): Promise<number>;
}

/** One line that rewrites itself on a terminal, and nothing when output is piped. */
export function progress(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (done, total) => {
    process.stderr.write(`\r${label} ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)} %)`);
    if (done === total) process.stderr.write('\n');
  };
}
