// The DNSPod simulator on its own: `pnpm --filter @certsim/dnspod start -- [options]` (`--help` lists them; each
// also reads DNSPOD_<OPTION>, e.g. DNSPOD_OV_REVIEW_DAYS=1-2). The shared flags live in ca-kit's cli.ts.
import { runCaCli } from "@certsim/ca-kit";
import { DNSPOD_API_BASE, dnspodBrand, startDnsPod } from "./index";

await runCaCli({
  brand: dnspodBrand(),
  port: 8713,
  apiPath: `${DNSPOD_API_BASE}/cert`,
  world: true,
  start: startDnsPod,
});
