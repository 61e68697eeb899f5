import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file named, folders walked recursively in name order. */
export function filesUnder(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    isDirectory(p)
      ? readdirSync(p)
          .sort()
          .flatMap((f) => filesUnder([join(p, f)]))
      : [p],
  );
}

/** A path that cannot be looked at counts as a file: reading it then reports why, without a crash. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
