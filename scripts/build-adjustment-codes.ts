/**
 * `npm run reference:adjustment-codes`: regenerates `src/reference/data/carc.json` and
 * `src/reference/data/rarc.json`, the Claim Adjustment Reason Codes (CARC, X12 external code
 * list 139, maintained by X12) and Remittance Advice Remark Codes (RARC, code list 411,
 * maintained by CMS) that an 835 remittance carries, so that Stateline can say what a payer's
 * adjustment means in words. Nothing here runs in the product; `src/reference/adjustment-codes.ts`
 * reads only the output.
 *
 * Why a copy from a public repository and not x12.org itself: the build machines cannot reach
 * x12.org, and no npm package ships the lists. The copy below was scraped from the two x12.org
 * pages on its retrieval date by its own script (`backend/scripts/fetch-x12-codes.mjs` in the
 * same repository), which keeps deactivated codes with their status and pins a content hash.
 * This script checks that hash, so a copy changed after it was scraped is refused.
 *
 * Input (one of):
 *   --from FILE      the generated file `x12Codes.generated.js` (CommonJS: SOURCE, CARC, RARC)
 *   --mirror DIR     a git directory of the repository (default: the mirror below); the file is
 *                    read at the pinned commit with `git show`
 * Output: carc.json and rarc.json, `{ source, codes }`, codes in code-list order (numbers, then
 * each letter prefix by number: 1 … 299, A0 … Y3; M1 … M144, MA01 … MA134, N1 … N890).
 * Deterministic: the same input gives byte-identical output; `--retrieved` is not today's date
 * but the source's own retrieval date.
 *
 * Normalising: whitespace collapsed, text trimmed; the "Usage:" guidance X12 appends to many
 * CARCs (advice to payers on how to send the code, not what it means) is dropped, so a
 * description is only the meaning. X12 publishes no dates in this copy, so `start` and `stop`
 * are null: a deactivated code is flagged by `status`, not by a date.
 *
 * Refresh: when X12/CMS publish an update (three times a year: March, July, November), take a
 * newer copy (or a scrape of the two x12.org pages in the same shape), point SOURCE below at it,
 * run this script, review the diff, and update the pinned counts in
 * `test/reference/adjustment-codes.test.ts`. See `src/reference/data/ADJUSTMENT-CODES-SOURCE.md`.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = `${ROOT}src/reference/data/`;

/** Where the copy comes from: one file at one commit of one public repository. */
const SOURCE = {
  repository: "https://github.com/bsparkma/retell-ai-dashboard",
  path: "backend/services/rcm/x12Codes.generated.js",
  commit: "b412b71cec6f52591cd350edb9d600077f735f0c",
  /** git blob id of the file at that commit (also at 34fa2af…, the newest snapshot checked). */
  blob: "c00b305819cb5eb0a0602552f5b410fef83d0ac2",
  mirror: "/work/.mirror/bsparkma+retell-ai-dashboard/repo",
  repositoryLicense:
    "MIT (stated in the repository's README; it has no LICENSE file). The code lists themselves are X12's and CMS's, not the repository's",
};
const PUBLISHERS = {
  carc: {
    name: "Claim Adjustment Reason Codes (X12 external code list 139)",
    maintainer: "X12 (Health Care Code Maintenance Committee)",
    url: "https://x12.org/codes/claim-adjustment-reason-codes",
  },
  rarc: {
    name: "Remittance Advice Remark Codes (X12 external code list 411)",
    maintainer: "Centers for Medicare & Medicaid Services (CMS), published by X12",
    url: "https://x12.org/codes/remittance-advice-remark-codes",
  },
};
const TERMS =
  "X12 publishes both lists free of charge at x12.org/codes for use in X12 transactions; X12 holds the copyright in its publications (x12.org, Products, Intellectual Property Use). Stateline ships the code descriptions only, unchanged except as listed in `changes`, to show remittances in words; it does not republish the lists as a product.";
const CHANGES = [
  "whitespace collapsed and trimmed",
  'the "Usage:" guidance to payers that follows many CARC descriptions dropped',
  "no dates: the source copy carries none, so start and stop are null; status says whether a code is current or deactivated",
];

const STATUSES = new Set(["current", "tobe", "deactivated"]);
/** A CARC (1–3 digits, or a letter and 1–2 digits) or a RARC (M/MA/N and digits). */
const CARC_CODE = /^(\d{1,3}|[A-Z]\d{1,2})$/;
const RARC_CODE = /^(M\d{1,3}|MA\d{2,3}|N\d{1,3})$/;

interface RawCode {
  text: string;
  status: string;
}
interface RawSource {
  SOURCE: { carcUrl: string; rarcUrl: string; retrievedAt: string; sha256: string };
  CARC: Record<string, RawCode>;
  RARC: Record<string, RawCode>;
}

function fail(message: string): never {
  throw new Error(`reference:adjustment-codes: ${message}`);
}

function args(): { from?: string; mirror: string } {
  const argv = process.argv.slice(2);
  const out: { from?: string; mirror: string } = { mirror: SOURCE.mirror };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === "--from" || flag === "--mirror") && value !== undefined) {
      if (flag === "--from") out.from = value;
      else out.mirror = value;
      i++;
    } else {
      fail(`unknown argument ${JSON.stringify(flag)}; use --from FILE or --mirror GIT_DIR`);
    }
  }
  return out;
}

function readSourceText(from: string | undefined, mirror: string): { text: string; label: string } {
  if (from !== undefined) return { text: readFileSync(from, "utf8"), label: from };
  const spec = `${SOURCE.commit}:${SOURCE.path}`;
  const text = execFileSync("git", ["--git-dir", mirror, "show", spec], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const blob = execFileSync("git", ["--git-dir", mirror, "rev-parse", spec], { encoding: "utf8" }).trim();
  if (blob !== SOURCE.blob) fail(`${spec} in ${mirror} is blob ${blob}, expected ${SOURCE.blob}`);
  return { text, label: `${mirror} ${spec}` };
}

/**
 * Reads the generated CommonJS file without running it: its tables are `JSON.stringify` output
 * between `const CARC = Object.freeze(` and `);`, and SOURCE's fields are JSON strings. Anything
 * not in that shape is refused.
 */
function parseSource(text: string, label: string): RawSource {
  const table = (name: string): Record<string, RawCode> => {
    const m = new RegExp(`\\nconst ${name} = Object\\.freeze\\((\\{[\\s\\S]*?\\n\\})\\);\\n`).exec(text);
    if (!m?.[1]) fail(`${label}: no ${name} table`);
    const value: unknown = JSON.parse(m[1]);
    if (typeof value !== "object" || value === null) fail(`${label}: ${name} is not an object`);
    for (const [code, entry] of Object.entries(value)) {
      const e = entry as Partial<RawCode> | null;
      if (typeof e?.text !== "string" || typeof e.status !== "string")
        fail(`${label}: ${name} ${code}: expected { text, status }`);
    }
    return value as Record<string, RawCode>;
  };
  const field = (name: string): string => {
    const m = new RegExp(`\\n  ${name}: ("[^"\\n]*"),\\n`).exec(text);
    if (!m?.[1]) fail(`${label}: SOURCE has no ${name}`);
    return JSON.parse(m[1]) as string;
  };
  return {
    SOURCE: {
      carcUrl: field("carcUrl"),
      rarcUrl: field("rarcUrl"),
      retrievedAt: field("retrievedAt"),
      sha256: field("sha256"),
    },
    CARC: table("CARC"),
    RARC: table("RARC"),
  };
}

/** The source's own content hash (its `canonical()`): a copy edited after the scrape is refused. */
function checkHash(raw: RawSource): void {
  const canonical = (map: Record<string, RawCode>) =>
    JSON.stringify(
      Object.keys(map)
        .sort()
        .map((k) => [k, map[k]?.text, map[k]?.status]),
    );
  const hash = createHash("sha256")
    .update(`${canonical(raw.CARC)}\n${canonical(raw.RARC)}`)
    .digest("hex");
  if (hash !== raw.SOURCE.sha256)
    fail(`content hash ${hash} does not match the source's pinned ${raw.SOURCE.sha256}`);
}

/** Code-list order: bare numbers first, then by letter prefix, each by number. */
function byCode(a: string, b: string): number {
  const split = (c: string) => {
    const m = /^([A-Z]*)(\d+)$/.exec(c);
    return m ? { prefix: m[1] ?? "", n: Number(m[2]) } : { prefix: c, n: 0 };
  };
  const x = split(a);
  const y = split(b);
  if (x.prefix !== y.prefix) return x.prefix < y.prefix ? -1 : 1;
  if (x.n !== y.n) return x.n - y.n;
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const usage = flat.search(/\s*\bUsage:/);
  return (usage > 0 ? flat.slice(0, usage) : flat).trim();
}

interface OutCode {
  description: string;
  status: string;
  start: string | null;
  stop: string | null;
}

function build(
  kind: "carc" | "rarc",
  table: Record<string, RawCode>,
  pattern: RegExp,
  retrieved: string,
): { json: string; counts: Record<string, number> } {
  const codes = new Map<string, OutCode>();
  const counts: Record<string, number> = { total: 0 };
  for (const [rawCode, entry] of Object.entries(table)) {
    const code = rawCode.trim().toUpperCase();
    if (!pattern.test(code)) fail(`${kind}: unexpected code ${JSON.stringify(rawCode)}`);
    if (codes.has(code)) fail(`${kind}: ${code} listed twice`);
    if (!STATUSES.has(entry.status)) fail(`${kind} ${code}: unknown status ${JSON.stringify(entry.status)}`);
    const description = normalise(entry.text);
    if (description === "" || /[<>]/.test(description))
      fail(`${kind} ${code}: empty or HTML description ${JSON.stringify(entry.text)}`);
    codes.set(code, { description, status: entry.status, start: null, stop: null });
    counts.total = (counts.total ?? 0) + 1;
    counts[entry.status] = (counts[entry.status] ?? 0) + 1;
  }
  const publisher = PUBLISHERS[kind];
  const source = {
    list: publisher.name,
    maintainer: publisher.maintainer,
    url: publisher.url,
    retrieved,
    copiedFrom: {
      repository: SOURCE.repository,
      path: SOURCE.path,
      commit: SOURCE.commit,
      blob: SOURCE.blob,
      license: SOURCE.repositoryLicense,
    },
    terms: TERMS,
    changes: CHANGES,
    counts,
    generatedBy: "npm run reference:adjustment-codes (scripts/build-adjustment-codes.ts)",
  };
  // One code a line, so a list update reviews as a short diff.
  const lines = [...codes.keys()]
    .sort(byCode)
    .map((code) => `    ${JSON.stringify(code)}: ${JSON.stringify(codes.get(code))}`);
  const json = `{\n  "source": ${JSON.stringify(source, null, 2).replace(/\n/g, "\n  ")},\n  "codes": {\n${lines.join(",\n")}\n  }\n}\n`;
  JSON.parse(json); // what we write must read back
  return { json, counts };
}

function main(): void {
  const { from, mirror } = args();
  const { text, label } = readSourceText(from, mirror);
  console.log(`reference:adjustment-codes: reading ${label}`);
  const raw = parseSource(text, label);
  checkHash(raw);
  console.log(`  content hash ${raw.SOURCE.sha256} checked; retrieved ${raw.SOURCE.retrievedAt}`);
  if (raw.SOURCE.carcUrl !== PUBLISHERS.carc.url || raw.SOURCE.rarcUrl !== PUBLISHERS.rarc.url)
    fail(`unexpected source URLs ${raw.SOURCE.carcUrl}, ${raw.SOURCE.rarcUrl}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw.SOURCE.retrievedAt)) fail("retrievedAt is not YYYY-MM-DD");
  for (const [kind, table, pattern] of [
    ["carc", raw.CARC, CARC_CODE],
    ["rarc", raw.RARC, RARC_CODE],
  ] as const) {
    const { json, counts } = build(kind, table, pattern, raw.SOURCE.retrievedAt);
    writeFileSync(`${OUT}${kind}.json`, json);
    const parts = Object.entries(counts)
      .filter(([k]) => k !== "total")
      .map(([k, n]) => `${n} ${k}`)
      .join(", ");
    console.log(`  wrote src/reference/data/${kind}.json: ${counts.total} codes (${parts})`);
  }
}

main();
