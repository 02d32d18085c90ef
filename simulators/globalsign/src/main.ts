// The GlobalSign simulator on its own: `pnpm --filter @certsim/globalsign start -- [options]` (`--help` lists them;
// each also reads GLOBALSIGN_<OPTION>, e.g. GLOBALSIGN_EV_REVIEW_DAYS=5-7). The shared flags live in ca-kit's cli.ts.
import { DOCUMENTS_DEFAULTS, runCaCli } from "@certsim/ca-kit";
import { formatDuration } from "@certsim/clock";
import { type DocumentsOptions, GS_API_BASE, GS_DOCUMENTS_MAILBOX, globalSignBrand, startGlobalSign } from "./index";

const days = (range: readonly [number, number]) => range.join("-");

await runCaCli({
  brand: globalSignBrand(),
  port: 8712,
  apiPath: GS_API_BASE,
  world: true,
  flags: {
    "documents-mailbox": {
      type: "string",
      value: "ADDR",
      help: `GS-1 the CA's address for EV documents (default ${GS_DOCUMENTS_MAILBOX})`,
    },
    "documents-after": {
      type: "string",
      value: "R",
      help: `GS-1 the documents request goes out R business days after submission (default ${days(DOCUMENTS_DEFAULTS.requestAfterBusinessDays)})`,
    },
    "documents-poll": {
      type: "string",
      value: "D",
      help: `GS-1 how often the CA looks at its documents mailbox (default ${formatDuration(DOCUMENTS_DEFAULTS.pollInterval)})`,
    },
    "documents-patience": {
      type: "string",
      value: "D",
      help: `GS-1 no answer this long after the request → failed (default ${formatDuration(DOCUMENTS_DEFAULTS.patience)})`,
    },
  },
  start: (settings, read) => {
    const documents: DocumentsOptions = {};
    const mailbox = read.text("documents-mailbox");
    if (mailbox) documents.mailbox = mailbox;
    const after = read.dayRange("documents-after");
    if (after) documents.requestAfterBusinessDays = after;
    const poll = read.duration("documents-poll");
    if (poll !== undefined) documents.pollInterval = poll;
    const patience = read.duration("documents-patience");
    if (patience !== undefined) documents.patience = patience;
    return startGlobalSign({ ...settings, documents });
  },
});
