/**
 * `stateline`, the command line. Each command parses its arguments, calls one use case and
 * prints the result; exit status 0 on success, 2 for bad input or usage, 1 for anything else.
 */
import { parseArgs } from "node:util";
import { todayOf } from "../app/calendar.js";
import { evaluateCases, guidanceFor } from "../app/evaluate.js";
import { formatFieldError, parseCases } from "../contract/validate.js";
import { loadReference } from "../reference/catalogue.js";
import { decide } from "../rules/decide.js";
import { explain } from "../rules/explain.js";
import { MAX_EXPORT_CLAIMS } from "../app/claim-files-port.js";
import { renderAccount } from "./render.js";
import { runWhere } from "./where.js";
import { runCompacts } from "./compacts.js";
import { painter, parseJson, readSource, UsageError, write, type Io } from "./io.js";

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  readonly run: (args: string[], io: Io) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  evaluate: {
    summary: "decide cases (the decision contract, JSON in and out)",
    usage: "stateline evaluate FILE|-",
    help: `FILE holds one case or an array of cases (see the decision contract); - reads standard input.
Prints a JSON array with one decision per case, in input order. Exit status 0 when every case
was evaluated, whatever the outcomes; 2 when the input is malformed, with each bad field named
on standard error and nothing on standard output.

Examples:
  stateline evaluate cases.json
  cat case.json | stateline evaluate -`,
    run: async (args, io) => {
      const file = positional(args, "evaluate");
      const input = parseJson(await readSource(file, io), file === "-" ? "standard input" : file);
      const result = evaluateCases(input, loadReference());
      if (!result.ok) return refuse(result.errors.map(formatFieldError), io);
      write(io.stdout, JSON.stringify(result.value));
      return 0;
    },
  },
  guidance: {
    summary: "billing-method guidance: one decision per place",
    usage: "stateline guidance FILE|-",
    help: `FILE holds { "provider": {..., "practiceLocations": [...]}, "client": {..., "locations": [...]},
"date": "YYYY-MM-DD", "places": [...] }. Prints one entry per distinct place: each practice
location as an in-person session, then each client location and extra place as telehealth,
each with the decision \`evaluate\` would give for a session there that day.

Example:
  stateline guidance billing-method.json`,
    run: async (args, io) => {
      const file = positional(args, "guidance");
      const input = parseJson(await readSource(file, io), file === "-" ? "standard input" : file);
      const result = guidanceFor(input, loadReference());
      if (!result.ok) return refuse(result.errors.map(formatFieldError), io);
      write(io.stdout, JSON.stringify(result.value));
      return 0;
    },
  },
  explain: {
    summary: "the same decision, told for a person",
    usage: "stateline explain FILE|-",
    help: `Reads cases as \`evaluate\` does and prints, for each, which rule decided, what was checked
(where the client is, the plan, the license, the credential route) and what would change
the answer. Colour on a terminal; set NO_COLOR to turn it off.

Example:
  stateline explain case.json`,
    run: async (args, io) => {
      const file = positional(args, "explain");
      const input = parseJson(await readSource(file, io), file === "-" ? "standard input" : file);
      const parsed = parseCases(input);
      if (!parsed.ok) return refuse(parsed.errors.map(formatFieldError), io);
      const geo = loadReference();
      const paint = painter(io.stdout);
      const blocks = parsed.value.map((c, i) =>
        renderAccount(explain(c, decide(c, geo), geo), c.id ?? `case ${i}`, paint),
      );
      write(io.stdout, blocks.join("\n"));
      return 0;
    },
  },
  payers: {
    summary: "the payer catalogue as JSON",
    usage: "stateline payers",
    help: `Prints every payer the engine knows: national payers and each Blue Cross Blue Shield plan
with its service area (states, counties, ZIP codes), source and confidence.

Example:
  stateline payers | jq '.[] | select(.kind == "bcbs") | .id'`,
    run: (args, io) => {
      parseArgs({ args, allowPositionals: false, options: {} });
      write(io.stdout, JSON.stringify(loadReference().payers(), null, 2));
      return Promise.resolve(0);
    },
  },
  audit: {
    summary: "verify the audit log's hash chain (tamper evidence)",
    usage: "stateline audit verify [--expect-head SEQ:HASH]",
    help: `Walks the audit log's hash chain from the first event (every event carries the hash of its
content and of the event before it) and names the first event that does not match: changed,
removed or inserted. Prints the chain's head; with --expect-head, also checks that the position
written down earlier still has that hash. Exit status 0 when the chain holds, 1 when it does not.
Uses DATABASE_URL (a PostgreSQL server) or the embedded database in STATELINE_DATA (./data).

Examples:
  stateline audit verify
  stateline audit verify --expect-head 1042:3f9a…`,
    run: async (args, io) => (await import("./audit.js")).runAudit(args, io),
  },
  compacts: {
    summary: "the licensure compacts: members, professions, sources (JSON), or a state's compacts",
    usage: "stateline compacts [--state XX [--date YYYY-MM-DD] [--json]]",
    help: `Without options, prints the compact table the engine checks privileges against (rule 2a) as
JSON: each compact (PSYPACT, counseling_compact, social_work_compact), its profession and
license types, its member states with the date each joined, and sources.
With --state, says which compacts the state is in on --date (default today).

Examples:
  stateline compacts | jq '.[] | {id, members: [.members[].state]}'
  stateline compacts --state CO
  stateline compacts --state NY --date 2026-06-01 --json`,
    run: (args, io) => Promise.resolve(runCompacts(args, io, todayOf(new Date()))),
  },
  serve: {
    summary: "run the web app and HTTP API",
    usage: "stateline serve [--port N] [--host H] [--no-demo] [--no-jobs]",
    help: `Applies database migrations and serves the app on PORT (default 3000). Uses an embedded
PostgreSQL in ./data (STATELINE_DATA to change it), or the server in DATABASE_URL. On an empty
database it loads demo data and prints the demo accounts (unless --no-demo).

The server also runs the platform's jobs (held claims, the daily re-check, the clearinghouse
inbox) whenever no other server has them. --no-jobs serves the API only: for API servers
beside a job server, and for benchmarks.

Examples:
  stateline serve
  DATABASE_URL=postgres://localhost/stateline PORT=8080 stateline serve
  DATABASE_URL=postgres://localhost/stateline stateline serve --no-jobs`,
    // The database commands load the server, the store and PGlite only when they run, so the
    // decision commands start fast.
    run: async (args, io) => (await import("./serve.js")).runServe(args, io),
  },
  clearinghouse: {
    summary: "the clearinghouse mailbox: run the sandbox, read the inbox, send a claim export",
    usage: "stateline clearinghouse sandbox --dir DIR | poll | send-export EXPORT_ID",
    help: `The clearinghouse connector is a mailbox: files we send go to DIR/outbox, answers are read
from DIR/inbox (STATELINE_CLEARINGHOUSE=mailbox, STATELINE_MAILBOX_DIR=DIR). Every file in and out
is kept in the database as written and audited.

  sandbox --dir DIR   run the sandbox clearinghouse on DIR until Ctrl-C: it answers each file in
                      the outbox with a 999, a 271 for a 270, a 277CA and an 835 for an 837P
                      (made-up test data: sender SANDBOX, usage T), one line per file
  poll                read the inbox once into the database (271, 835, 999, 277CA)
  send-export ID      send an X12 claim export (stateline claims export) as an 837P, once

Examples:
  stateline clearinghouse sandbox --dir ./data-mailbox
  STATELINE_CLEARINGHOUSE=mailbox STATELINE_MAILBOX_DIR=/var/edi stateline clearinghouse poll`,
    run: async (args, io) => (await import("./clearinghouse.js")).runClearinghouse(args, io),
  },
  claims: {
    summary: "export ready claims as one X12 837P or FHIR R4 batch file",
    usage:
      "stateline claims export --since YYYY-MM-DD --format x12|fhir [--out FILE|-] [--limit N] [--test] [--all-or-nothing]",
    help: `Writes every claim that is ready to submit (its hold after confirmation has ended) with a
service date on or after --since into one file, and marks those claims exported. X12: one
interchange (one ISA/IEA, one functional group, one 837P transaction set per claim) with the next
interchange control number; FHIR: one Bundle. A claim that lacks what a payer needs (an NPI,
the member ID, an address, a diagnosis, a fee, a ZIP+4) is left out, flagged on the claim with
what to fix, and listed with each field; the rest are written (exit 0, or 1 when every claim was
left out). Same database as \`stateline serve\`.

  --out FILE         where to write (default claims-DATE-ID.x12 or .json; - for standard output)
  --limit N          at most N claims (default and most: ${MAX_EXPORT_CLAIMS})
  --test             mark the X12 interchange as test data (ISA15 = T)
  --all-or-nothing   if any claim has a problem, write nothing and list them all (exit 1)

Examples:
  stateline claims export --since 2026-11-01 --format x12
  stateline claims export --since 2026-11-01 --format fhir --out november.json`,
    run: async (args, io) => (await import("./claims.js")).runClaims(args, io),
  },
  recheck: {
    summary: "re-check every upcoming session and update the alerts",
    usage: "stateline recheck [--provider ID] [--date YYYY-MM-DD] [--json]",
    help: `Decides every upcoming scheduled session again, as confirming it would (telehealth: where
the client is expected to be that day; in person: the practice), keeps the result on the
session, and opens and closes alerts: sessions at risk with the fix, licenses and credentials
ending within 30 days or lapsed under upcoming sessions. Prints one row per provider (sessions
checked, at risk, alerts opened, resolved and open), then the open alerts. Run it daily: lapses
by the passage of time are found here. Same database as \`stateline serve\` (STATELINE_DATA or
DATABASE_URL); with the embedded database, stop the server first.

  --provider ID   only this provider
  --date DATE     as of this date instead of today (UTC)
  --json          the counts and open alerts as JSON

Examples:
  stateline recheck
  DATABASE_URL=postgres://localhost/stateline stateline recheck --json`,
    run: async (args, io) => (await import("./recheck.js")).runRecheckCommand(args, io),
  },
  user: {
    summary: "manage accounts",
    usage: "stateline user add --role ops|provider|client --email EMAIL [--provider-id ID | --client-id ID]",
    help: `Creates an account; the password is read from standard input (first line, at least 10
characters), so it never appears in the shell history.

Example:
  echo 'a long passphrase' | stateline user add --role ops --email ana@example.org`,
    run: async (args, io) => (await import("./serve.js")).runUser(args, io),
  },
  where: {
    summary: "which Blue plans are local at a ZIP code or county, and why",
    usage: "stateline where --zip ZIP | --state XX --county NAME [--json]",
    help: `Shows the BCBS plans whose service area contains the place, with the area entry that
matched and its source. A county may be written "Monroe" or "Monroe County".

Examples:
  stateline where --zip 14604
  stateline where --state NY --county Monroe
  stateline where --zip 22003 --json`,
    run: (args, io) => Promise.resolve(runWhere(args, io)),
  },
};

function positional(args: string[], command: string): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...rest] = positionals;
  if (file === undefined)
    throw new UsageError(`${command}: missing FILE (a JSON file, or - for standard input)`);
  if (rest.length > 0) throw new UsageError(`${command}: expected one FILE, got ${positionals.length}`);
  return file;
}

function refuse(lines: readonly string[], io: Io): number {
  for (const line of lines) write(io.stderr, line);
  return 2;
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const list = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join("\n");
  return `stateline — where a provider can see and bill each client, and why

Usage: stateline COMMAND [options]

Commands:
${list}

Run "stateline COMMAND --help" for a command's options and examples.`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? args[0] : undefined;
    const command = topic ? COMMANDS[topic] : undefined;
    write(io.stdout, command ? `Usage: ${command.usage}\n\n${command.help}` : overview());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    write(io.stdout, "stateline 0.1.0");
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    write(io.stderr, `stateline: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    write(io.stdout, `Usage: ${command.usage}\n\n${command.help}`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError)
      return refuse(
        e.lines.map((l) => `stateline ${name}: ${l}`),
        io,
      );
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      return refuse([`stateline ${name}: ${e.message}`, `Usage: ${command.usage}`], io);
    }
    write(io.stderr, `stateline ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
