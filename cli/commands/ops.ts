/** `einvoice ops`: the treasury service's operations view and dead-letter resend, from a terminal. */
import { parseArgs } from 'node:util';
import type { Command } from './types.ts';

export const ops: Command = {
  summary: 'ops posts [--post IdPost] | ops retry <topic> [--message-id ID]  (--treasury URL)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { treasury: { type: 'string', default: process.env.TREASURY_URL ?? 'http://127.0.0.1:8083' }, post: { type: 'string' }, 'message-id': { type: 'string' } },
    });
    const [sub, topic] = positionals;
    const base = values.treasury;
    let res: Response;
    if (sub === 'posts') {
      res = await fetch(values.post ? `${base}/operations/posts/${encodeURIComponent(values.post)}` : `${base}/operations/posts`);
    } else if (sub === 'retry' && topic) {
      res = await fetch(`${base}/operations/dead-letters/retry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ topic, ...(values['message-id'] ? { messageId: values['message-id'] } : {}) }),
      });
    } else {
      throw new Error('usage: einvoice ops posts [--post IdPost] | einvoice ops retry <topic> [--message-id ID]');
    }
    const body: unknown = await res.json();
    if (Array.isArray(body) && !values.post) console.table(body);
    else process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return res.ok ? 0 : 1;
  },
};
