/** The project's own single-node broker (scripts/kafka.sh), for runs that were given none. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from './paths.ts';

export interface LocalBroker {
  brokers: string;
  /** Set when this call started the broker: whoever started it stops it. */
  stop?: () => void;
}

/** The local broker's address, starting it first if it was not running. */
export function ensureLocalBroker(): LocalBroker {
  const script = resolve(ROOT, 'scripts/kafka.sh');
  const brokers = `127.0.0.1:${process.env.KAFKA_PORT ?? '19092'}`;
  try {
    execFileSync(script, ['status'], { stdio: 'ignore' });
    return { brokers };
  } catch {
    // not running: start it below
  }
  execFileSync(script, ['start'], { stdio: 'inherit' });
  return { brokers, stop: () => void execFileSync(script, ['stop'], { stdio: 'inherit' }) };
}
