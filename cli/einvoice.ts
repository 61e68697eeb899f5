#!/usr/bin/env node
/**
 * einvoice: the project's command line, for suppliers, finance staff and operators.
 *   einvoice validate <files or folders…> [--json] [--directory buyers.json] [--fr-rules enforce|warn]
 *   einvoice pes summary <file> [--json]        einvoice pes validate <file>
 *   einvoice mandates import <file.csv> [--gateway URL] [--report report.json]
 *   einvoice ops posts [--treasury URL] [--post IdPost]     einvoice ops retry <topic> [--message-id ID] [--treasury URL]
 * Exit status: 0 all good, 1 something was rejected or invalid, 2 usage or I/O error.
 */
import { COMMANDS } from './commands/index.ts';

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  process.stderr.write(
    `usage: einvoice <command> …\ncommands:\n${Object.entries(COMMANDS)
      .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
      .join('\n')}\n`,
  );
  process.exit(2);
}
// Through a promise, so that a command failing before its first await (a missing file, a bad
// argument) ends with its one-line message and status 2 as well, not a stack trace.
Promise.resolve()
  .then(() => command.run(rest))
  .then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`einvoice ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
