/**
 * Runs the real services for integration tests and the demo: in this process (startService),
 * or as child processes (`node services/<name>/main.ts`) that a test can kill -9 and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { startService, type RunningService } from '../../platform/service.ts';
import { bordereau } from '../../services/bordereau/service.ts';
import { gateway } from '../../services/gateway/service.ts';
import { treasury } from '../../services/treasury/service.ts';
import { validator } from '../../services/validator/service.ts';
import { ROOT } from './paths.ts';

export const SERVICES = { gateway, validator, bordereau, treasury } as const;
export type ServiceName = keyof typeof SERVICES;

export function startInProcess(name: ServiceName, env: Record<string, string>): Promise<RunningService> {
  return startService(SERVICES[name] as Parameters<typeof startService>[0], { ...process.env, ...env });
}

export interface ChildService {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `services/<name>/main.ts` with Node 24; its JSON logs go to `logFile`. */
export function startChild(name: string, env: Record<string, string>, logFile: string): ChildService {
  const node = resolve(ROOT, 'node_modules/.bin/node');
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(node, [resolve(ROOT, `services/${name}/main.ts`)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    name,
    process: child,
    logFile,
    exited,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}
