/** Prints SM2 key generations/s and SM3withSM2 certificate signings/s. Run: pnpm exec tsx packages/pki/bench/sm2.bench.ts [seconds] */
import { benchSm2 } from "../src/sm2/bench";

const seconds = Number(process.argv[2] ?? 2);
const { keygenPerSec, signPerSec } = await benchSm2(Number.isFinite(seconds) && seconds > 0 ? seconds : 2);
console.log(`SM2 key generations/s:      ${keygenPerSec.toFixed(0)}`);
console.log(`SM2 certificate signings/s: ${signPerSec.toFixed(0)}`);
