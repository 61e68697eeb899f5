import { writeAcquit } from '../../domain/acquit/writer.ts';
import type { Verdict } from './judge.ts';

/** The simulator's verdict as the PES_ACQUIT file Hélios would send. */
export function verdictToAcquit(v: Verdict, date = new Date().toISOString().slice(0, 10)): Uint8Array {
  return writeAcquit({
    file: v.file,
    date,
    ...(v.fileRejected ? { fileRejected: v.fileRejected } : {}),
    bordereaux: v.bordereaux,
    pjs: v.pjs,
  });
}
