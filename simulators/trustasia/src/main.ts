// The TrustAsia simulator on its own: `pnpm --filter @certsim/trustasia start -- [options]` (`--help` lists them;
// each also reads TRUSTASIA_<OPTION>, e.g. TRUSTASIA_DCV_DEADLINE=3d). The shared flags live in ca-kit's cli.ts.
import { runCaCli } from "@certsim/ca-kit";
import { TRUSTASIA_DEFAULT_DENY_LIST, TRUSTASIA_DIALECT, trustAsiaBrand } from "./brand";
import { startTrustAsia } from "./index";

await runCaCli({
  brand: trustAsiaBrand(),
  port: 8710,
  apiPath: TRUSTASIA_DIALECT.basePath,
  flags: {
    "free-limit": { type: "string", value: "N", help: "FREE-3 free certificates per primary domain (default 20)" },
    "deny-domain": {
      type: "string",
      multiple: true,
      value: "NAME",
      help: "FREE-8 deny-listed domain (repeatable; used when the data folder has no list yet)",
    },
    lookalike: {
      type: "string",
      multiple: true,
      value: "WORD",
      help: `FREE-8 protected word (repeatable; default ${TRUSTASIA_DEFAULT_DENY_LIST.lookalikes.join(", ")})`,
    },
  },
  start: (settings, read) => {
    const freeLimit = read.count("free-limit");
    const domains = read.list("deny-domain");
    const lookalikes = read.list("lookalike");
    return startTrustAsia({
      ...settings,
      ...(freeLimit !== undefined ? { freeLimit } : {}),
      ...(domains || lookalikes
        ? {
            denyList: {
              domains: domains ?? TRUSTASIA_DEFAULT_DENY_LIST.domains,
              lookalikes: lookalikes ?? TRUSTASIA_DEFAULT_DENY_LIST.lookalikes,
            },
          }
        : {}),
    });
  },
});
