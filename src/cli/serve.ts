/** `stateline serve` and `stateline user add`: the server and account administration. */
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { CLAIM_HOLD_HOURS } from "../app/claims.js";
import { JobRunner, platformJobs } from "../app/jobs.js";
import { createUser } from "../app/auth.js";
import { todayOf } from "../app/calendar.js";
import { DEMO_PASSWORD, loadDemo, loadDemoBillingHistory } from "../app/demo.js";
import { buildServer } from "../http/server.js";
import { loadReference } from "../reference/catalogue.js";
import { connect, DataFolderLockedError, grantServing, migrate, type Db } from "../store/db.js";
import { createStore } from "../store/store.js";
import { painter, UsageError, write, type Io } from "./io.js";
import { recheckInWorker } from "./recheck-worker.js";
import { openConnector } from "./connector.js";
import { tuneServerHeap } from "./heap-tuning.js";
import { rememberLogins } from "../store/login-cache.js";
import { exportAndSend, inboxLine, processInbox } from "../app/clearinghouse.js";
import { SYSTEM } from "../app/actor.js";

/**
 * The database: an embedded one in STATELINE_DATA, or a PostgreSQL server at DATABASE_URL. With
 * MIGRATION_DATABASE_URL too, migrations run as that (owner) role, which then grants the
 * DATABASE_URL role only what serving needs: it cannot rewrite or truncate the audit log.
 */
export async function openDb(io: Io): Promise<Db> {
  const url = process.env.DATABASE_URL;
  const owner = process.env.MIGRATION_DATABASE_URL;
  const dataDir = process.env.STATELINE_DATA ?? "./data";
  write(
    io.stderr,
    url ? `Database: PostgreSQL server (DATABASE_URL)` : `Database: embedded PostgreSQL in ${dataDir}`,
  );
  if (owner && url) {
    const ownerDb = await connect({ url: owner });
    try {
      const applied = await migrate(ownerDb);
      if (applied.length > 0) write(io.stderr, `Applied migrations (as the owner): ${applied.join(", ")}`);
      const role = decodeURIComponent(new URL(url).username);
      if (role === "")
        throw new UsageError(
          "DATABASE_URL must name its role (postgres://ROLE@host/db) when MIGRATION_DATABASE_URL is set",
        );
      await grantServing(ownerDb, role);
    } finally {
      await ownerDb.close();
    }
    return connect({ url });
  }
  if (owner && !url) throw new UsageError("MIGRATION_DATABASE_URL goes with DATABASE_URL (the serving role)");
  let db: Db;
  try {
    db = await connect(url ? { url } : { dataDir });
  } catch (e) {
    if (e instanceof DataFolderLockedError) throw new UsageError(e.message);
    throw e;
  }
  const applied = await migrate(db);
  if (applied.length > 0) write(io.stderr, `Applied migrations: ${applied.join(", ")}`);
  return db;
}

export async function runServe(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "no-demo": { type: "boolean" },
      "no-jobs": { type: "boolean" },
    },
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected a port number, got "${values.port ?? ""}"`);
  tuneServerHeap();
  const db = await openDb(io);
  // Who is behind each sign-in token, in memory while the database's messages say what changed.
  const store = createStore(db.kysely, { logins: await rememberLogins(db) });
  const geo = loadReference();
  // The ZIP index is read now, not by the first request that places a ZIP (~140 ms on the
  // two-core machine, which that request would wait for).
  geo.check();
  const paint = painter(io.stdout);
  // The clearinghouse connector (STATELINE_CLEARINGHOUSE): the sandbox, in this process, by default
  // on the embedded database (the demo), a mailbox in production, or none.
  const connector = await openConnector(process.env, (line) => {
    if (process.env.STATELINE_LOG === "1") write(io.stderr, `sandbox: ${line}`);
  });
  write(io.stderr, connector.description);
  await connector.sandbox?.start();
  let demoLoaded = false;
  if (!values["no-demo"] && (await store.users.count()) === 0) {
    demoLoaded = true;
    write(io.stderr, "Empty database: loading demo data…");
    // All or nothing: a failure leaves the database empty, to try again at the next start.
    const accounts = await store.transaction((tx) => loadDemo(tx, geo, todayOf(new Date())));
    const width = Math.max(...accounts.map((a) => a.email.length));
    write(io.stdout, `\n${paint("bold", "Demo accounts")} (password: ${paint("bold", DEMO_PASSWORD)})`);
    for (const a of accounts) write(io.stdout, `  ${a.email.padEnd(width)}  ${a.role.padEnd(8)}  ${a.who}`);
  }
  const claimHoldHours = envNumber("STATELINE_CLAIM_HOLD_HOURS", CLAIM_HOLD_HOURS);
  const x12Usage = process.env.STATELINE_X12_USAGE === "T" ? "T" : "P";
  // The demo's ready claims go to the (sandbox) clearinghouse once, and its answers are read, so
  // the files and remittance pages have something to show.
  if (demoLoaded && connector.clearinghouse) {
    await store.transaction((tx) => loadDemoBillingHistory(tx, geo, todayOf(new Date())));
    const sent = await exportAndSend(store, geo, connector.clearinghouse, SYSTEM, new Date(), x12Usage);
    if (sent && connector.sandbox) {
      await connector.sandbox.drain();
      const report = await processInbox(store, connector.clearinghouse, null, new Date());
      write(io.stderr, `Demo claims sent to the ${connector.clearinghouse.label}: ${sent.name}`);
      for (const f of report.files) write(io.stderr, `  ${inboxLine(f)}`);
    }
  }
  const app = await buildServer({
    store,
    geo,
    logger: process.env.STATELINE_LOG === "1",
    claimHoldHours,
    x12Usage,
    clearinghouse: connector.clearinghouse,
    trustProxy: (process.env.STATELINE_TRUST_PROXY ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
  });
  // Held claims become ready, upcoming sessions are re-checked daily: on whichever server is free.
  // On a PostgreSQL server the daily re-check runs in a worker thread with its own connections,
  // off this event loop; on the embedded database, in process, a chunk at a time.
  const databaseUrl = process.env.DATABASE_URL;
  const recheck = db.kind === "postgres" && databaseUrl ? recheckInWorker(databaseUrl) : undefined;
  const jobList = platformJobs(geo, {
    ...(recheck ? { recheck } : {}),
    clearinghouse: connector.clearinghouse,
    // The 270s the eligibility jobs send carry the same usage as claim files.
    x12Usage,
  });
  const jobs = new JobRunner(store, jobList, {
    worker: `${hostname()}:${process.pid}`,
    pollMs: envNumber("STATELINE_JOB_POLL_SECONDS", 15) * 1000,
    log:
      process.env.STATELINE_LOG === "1"
        ? (line) => {
            write(io.stderr, line);
          }
        : undefined,
    warn: (line) => {
      write(io.stderr, `stateline: ${line}`);
    },
  });
  // Only this machine by default; HOST=0.0.0.0 (or --host) opens it to the network.
  const host = values.host ?? process.env.HOST ?? "127.0.0.1";
  await app.listen({ port, host });
  if (values["no-jobs"]) write(io.stderr, "Jobs: not on this server (--no-jobs)");
  else await jobs.start();
  const address = app.server.address();
  const shown = typeof address === "object" && address ? address.port : port;
  write(
    io.stdout,
    `\nStateline is running: http://localhost:${shown}  (API reference: http://localhost:${shown}/api/docs)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await jobs.stop();
  await connector.sandbox?.stop();
  await app.close();
  await db.close();
  return 0;
}

/** A positive number from the environment, or the default; anything else stops the start. */
function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${name}: expected a positive number, got "${text}"`);
  return n;
}

async function readPassword(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

export async function runUser(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add") throw new UsageError(`expected "user add", got "user ${sub ?? ""}"`);
  const { values } = parseArgs({
    args: rest,
    options: {
      role: { type: "string" },
      email: { type: "string" },
      "provider-id": { type: "string" },
      "client-id": { type: "string" },
    },
  });
  const role = values.role;
  if (role !== "ops" && role !== "provider" && role !== "client")
    throw new UsageError("--role: expected ops, provider or client");
  if (!values.email) throw new UsageError("--email: required");
  const password = await readPassword(io);
  const db = await openDb(io);
  try {
    const user = await createUser(createStore(db.kysely), {
      email: values.email,
      password,
      role,
      providerId: values["provider-id"] ?? null,
      clientId: values["client-id"] ?? null,
    });
    write(io.stdout, `Created ${user.role} account ${user.email} (${user.id})`);
    return 0;
  } finally {
    await db.close();
  }
}
