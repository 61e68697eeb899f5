import { resolve } from 'node:path';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { verdictToAcquit } from './acquit.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from './server.ts';

/** Starts a simulator on 127.0.0.1 (port 0: any free one) and gives its base URL. */
export async function startSimulator(options: Partial<SimulatorOptions> = {}, port = 0, schemaDir = process.env.SCHEMA_DIR ?? resolve(import.meta.dirname, '../../schemas/official')): Promise<Simulator & { url: string }> {
  const sim = createSimulator({ xsd: openSchemaCatalog(schemaDir).validator('pes-aller'), writeAck: verdictToAcquit, options });
  const url = await sim.app.listen({ port, host: '127.0.0.1' });
  return { ...sim, url };
}
