// The treasury simulator as a process: SIM_PORT (8090), SIM_LATENCY_MS, SIM_FAIL, SIM_FAIL_EVERY,
// SIM_FAIL_COUNT, SIM_REJECT_BORDEREAU_EVERY, SIM_PAY_AFTER_MS, SIM_DIR (see server.ts).
import { startSimulator } from './start.ts';

const env = process.env;
const sim = await startSimulator(
  {
    ...(env.SIM_LATENCY_MS ? { latencyMs: Number(env.SIM_LATENCY_MS) } : {}),
    ...(env.SIM_FAIL ? { fail: env.SIM_FAIL as 'none' | 'before' | 'after' | 'timeout' } : {}),
    ...(env.SIM_FAIL_EVERY ? { failEvery: Number(env.SIM_FAIL_EVERY) } : {}),
    ...(env.SIM_FAIL_COUNT ? { failCount: Number(env.SIM_FAIL_COUNT) } : {}),
    ...(env.SIM_REJECT_BORDEREAU_EVERY ? { rejectBordereauEvery: Number(env.SIM_REJECT_BORDEREAU_EVERY) } : {}),
    ...(env.SIM_PAY_AFTER_MS ? { payAfterMs: Number(env.SIM_PAY_AFTER_MS) } : {}),
    ...(env.SIM_DIR ? { dir: env.SIM_DIR } : {}),
  },
  Number(env.SIM_PORT ?? 8090),
);
process.stdout.write(`treasury simulator on ${sim.url} (POST /pes, GET /acquits)\n`);
const stop = () => void sim.app.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
