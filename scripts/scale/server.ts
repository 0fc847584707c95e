/**
 * The server the scale benchmarks measure: `stateline serve` as built (dist/), in a process of its
 * own, the way it runs in production, so the benchmark's own work (loading data, its garbage)
 * never shows in the server's figures. API only (--no-jobs: the daily re-check must not start on
 * the bench database mid-measure), no demo, no clearinghouse.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { createUser } from "../../src/app/auth.js";
import type { Store } from "../../src/app/ports.js";

export interface BenchServer {
  readonly port: number;
  readonly http: Pool;
  /** Headers that sign in as the operations user. */
  readonly headers: Record<string, string>;
  /** Stops the server; resolves with its peak RSS in MB. */
  stop(): Promise<number>;
}

const PASSWORD = "bench-password-1";

function started(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const onOut = (b: Buffer) => {
      out += b.toString("utf8");
      const m = /Stateline is running: http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        child.stdout?.off("data", onOut);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", onOut);
    child.stderr?.on("data", (b: Buffer) => {
      err += b.toString("utf8");
    });
    child.once("exit", (code) => {
      reject(new Error(`stateline serve exited ${code} before listening:\n${err}`));
    });
  });
}

/** Starts `stateline serve --no-demo --no-jobs` on a free port against `databaseUrl`, signed in as operations. */
export async function startServer(databaseUrl: string, store: Store): Promise<BenchServer> {
  if (!(await store.users.byEmail("ops@bench.test")))
    await createUser(store, { email: "ops@bench.test", password: PASSWORD, role: "ops" });
  const child = spawn(
    process.execPath,
    [
      // Node flags for the server alone (e.g. --trace-gc, --cpu-prof), not the benchmark.
      ...(process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter((f) => f !== ""),
      fileURLToPath(new URL("./stateline-rss.mjs", import.meta.url)),
      "serve",
      "--no-demo",
      "--no-jobs",
      "--port",
      "0",
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        MIGRATION_DATABASE_URL: "",
        STATELINE_CLEARINGHOUSE: "none",
        STATELINE_LOG: "",
        NO_COLOR: "1",
        NODE_OPTIONS: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr += b.toString("utf8");
  });
  // The server's own lines (--trace-gc and the like go to stdout) to a file, when asked.
  const serverLog = process.env.BENCH_SERVER_LOG;
  let logWritten: Promise<void> = Promise.resolve();
  if (serverLog) {
    const { createWriteStream } = await import("node:fs");
    const file = createWriteStream(serverLog);
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    // Every line, to the last, is on disk before `stop` resolves.
    logWritten = new Promise((resolve) => {
      child.once("close", () => {
        file.end(resolve);
      });
    });
  }
  const port = await started(child);
  const http = new Pool(`http://127.0.0.1:${port}`, { connections: 4 });
  const login = await http.request({
    method: "POST",
    path: "/api/v1/auth/login",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "ops@bench.test", password: PASSWORD }),
  });
  const { token } = (await login.body.json()) as { token: string };
  return {
    port,
    http,
    headers: { authorization: `Bearer ${token}` },
    async stop() {
      await http.close();
      const exited = new Promise<void>((resolve) => {
        child.once("exit", () => {
          resolve();
        });
      });
      child.kill("SIGTERM");
      await exited;
      await logWritten;
      const rss = /maxRSS=(\d+)/.exec(stderr);
      return rss ? Number(rss[1]) / 1024 : NaN;
    },
  };
}
