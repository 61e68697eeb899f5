import { mandates } from './mandates.ts';
import { ops } from './ops.ts';
import { pes } from './pes.ts';
import { purgeCommand } from './purge.ts';
import type { Command } from './types.ts';
import { validate } from './validate.ts';

export const COMMANDS: Record<string, Command> = { validate, pes, mandates, ops, purge: purgeCommand };
