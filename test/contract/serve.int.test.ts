/**
 * `stateline serve` as built, in a process of its own: an API-only server (--no-jobs) answers,
 * and says it leaves the jobs to other servers.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../support/cli.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("stateline serve", () => {
  it("--no-jobs serves the API and runs no jobs", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "stateline-serve-"));
    dirs.push(dir);
    const child = spawn(process.execPath, [BIN, "serve", "--no-demo", "--no-jobs", "--port", "0"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: "",
        STATELINE_DATA: join(dir, "data"),
        STATELINE_CLEARINGHOUSE: "none",
        STATELINE_LOG: "1",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (b: Buffer) => {
          stdout += b.toString("utf8");
          const m = /Stateline is running: http:\/\/localhost:(\d+)/.exec(stdout);
          if (m) resolve(Number(m[1]));
        });
        void exited.then((code) => {
          reject(new Error(`serve exited ${code}: ${stderr}`));
        });
      });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
      expect(me.status).toBe(401);
      expect(stderr).toContain("Jobs: not on this server (--no-jobs)");
      // A job runner logs its first round ("job claims.release: …") at once with STATELINE_LOG=1.
      await new Promise((r) => setTimeout(r, 1500));
      expect(stderr).not.toMatch(/^job /m);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
    expect(stdout).not.toContain("Demo accounts");
  });
});
