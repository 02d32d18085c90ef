// The WoTrus simulator on its own: `pnpm --filter @certsim/wotrus start -- [options]` (`--help` lists them; each
// also reads WOTRUS_<OPTION>, e.g. WOTRUS_PRE_REVIEW_DELAY=10m-1h). The shared flags live in ca-kit's cli.ts.
import { runCaCli } from "@certsim/ca-kit";
import { startWoTrus, WOTRUS_API_BASE, wotrusBrand } from "./index";

await runCaCli({ brand: wotrusBrand(), port: 8711, apiPath: WOTRUS_API_BASE, world: true, start: startWoTrus });
