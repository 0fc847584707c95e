/**
 * `npm run reference:code-sets` (also run by `npm run reference:build`): regenerates the
 * ICD-10-CM data in `src/reference/data/` from the CMS release kept in `scripts/sources/`.
 * Deterministic: the same source file gives byte-identical output. Nothing here runs in the
 * product; `src/reference/code-sets.ts` reads only the output.
 *
 * Source: `scripts/sources/icd10cm-codes-2026.txt.gz`, the FY2026 ICD-10-CM code descriptions
 * file `icd10cm-codes-2026.txt` as NCHS publishes it (CMS ships the same list as
 * `icd10cm_codes_2026.txt` in `2026-code-descriptions-tabular-order.zip`; valid for dates of
 * service October 1, 2025 – September 30, 2026), gzipped. One line per
 * billable ("valid for HIPAA-covered transactions") code: the code without its dot, padded to 7
 * characters, a space, the long description. Public domain (a U.S. Government work).
 *
 * Output:
 * - `icd10cm-billable.txt`     every billable code, no dot, one a line, sorted by byte order.
 * - `icd10cm-descriptions.tsv` code, long description: the billable codes of chapters F (mental,
 *                              behavioral and neurodevelopmental disorders) and Z (factors
 *                              influencing health status), which is what this product bills;
 *                              the loader names them in its messages.
 * - `NOTICE.md`                the section between the code-sets markers (the rest of the file
 *                              belongs to `scripts/build-reference-data.ts`).
 *
 * A new release (every October 1, sometimes April 1): put the new codes file (gzipped) in
 * `scripts/sources/`, point SOURCE and RELEASE below at it, run this script, review the diff.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = `${ROOT}src/reference/data/`;
const SOURCE = "scripts/sources/icd10cm-codes-2026.txt.gz";
const RELEASE = {
  name: "ICD-10-CM FY2026 code descriptions file `icd10cm-codes-2026.txt` (CMS: `icd10cm_codes_2026.txt`)",
  effective: "dates of service October 1, 2025 through September 30, 2026",
  publisher:
    "Centers for Medicare & Medicaid Services (CMS) and the National Center for Health Statistics (NCHS)",
  url: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2026/",
  mirror: "https://www.cms.gov/files/zip/2026-code-descriptions-tabular-order.zip",
  /** How this copy reached the repository (the CMS site is not reachable from the build machines). */
  copiedFrom:
    "the GitHub repository sandeepsms/SphereHealth-HIS-1.0, `Backend/data/icd10cm-codes-2026.txt.gz` (commit 45e6201fb397b401d01cbedd7b06eef78cad8cb2, blob 03049f433230062cdcc3cf2d77b143d8365bf045), byte for byte",
  checked:
    "the same 74,719 codes as two independent copies of the release (akhilg-9/cotiviti-cni-assessment `data/icd10cm_codes_2026.txt`, ufbfung/phantom-codes `src/phantom_codes/data/icd10cm/icd10cm-codes-2026.txt.gz`); descriptions spot-checked against the CMS order file `icd10cm_order_2026.txt` (vinayjoseph003/care-ai `data/icd10cm_order_2026.txt`)",
};
/** Chapters whose descriptions are shipped: mental and behavioral disorders, and Z codes. */
const DESCRIBED = /^[FZ]/;
/**
 * A code as CMS writes it without the dot: a letter, a digit (or, since FY2026, a letter: the
 * QA0 neurodevelopmental codes), then 1–5 letters or digits.
 */
const CODE = /^[A-Z][0-9A-Z][0-9A-Z]{1,5}$/;
const MARK_START = "<!-- code-sets:start (scripts/build-code-sets.ts) -->";
const MARK_END = "<!-- code-sets:end -->";

function fail(message: string): never {
  throw new Error(`reference:code-sets: ${message}`);
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function main(): void {
  const gz = readFileSync(`${ROOT}${SOURCE}`);
  const text = gunzipSync(gz).toString("utf8");
  const sha256 = createHash("sha256").update(text).digest("hex");
  const codes = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const code = line.slice(0, 7).trimEnd();
    const description = line.slice(8).trim();
    if (!CODE.test(code) || line[7] !== " " || description === "") {
      fail(
        `${SOURCE} line ${i + 1}: expected a code padded to 7 characters, a space and a description, got ${JSON.stringify(line)}`,
      );
    }
    if (codes.has(code)) fail(`${SOURCE} line ${i + 1}: ${code} listed twice`);
    if (/[\t\n]/.test(description)) fail(`${SOURCE} line ${i + 1}: a tab in the description`);
    codes.set(code, description);
  });
  // The FY2026 file lists 74,719 codes; a file far off that is not the codes file.
  if (codes.size < 70_000) fail(`${SOURCE}: only ${codes.size} codes; is it the codes file?`);
  for (const known of ["F411", "F32A", "Z630", "F99"]) {
    if (!codes.has(known)) fail(`${SOURCE}: ${known} is missing`);
  }

  const sorted = [...codes.keys()].sort(byString);
  writeFileSync(`${OUT}icd10cm-billable.txt`, sorted.join("\n") + "\n");
  const described = sorted.filter((c) => DESCRIBED.test(c));
  writeFileSync(
    `${OUT}icd10cm-descriptions.tsv`,
    "code\tdescription\n" + described.map((c) => `${c}\t${codes.get(c)}\n`).join(""),
  );
  writeNotice(codes.size, described.length, sha256);

  const perChapter = new Map<string, number>();
  for (const c of sorted) perChapter.set(c[0]!, (perChapter.get(c[0]!) ?? 0) + 1);
  console.log(
    [
      `ICD-10-CM billable codes: ${codes.size.toLocaleString("en-US")} (${[...perChapter].map(([k, v]) => `${k} ${v}`).join(", ")})`,
      `described (chapters F and Z): ${described.length.toLocaleString("en-US")}`,
      `source ${SOURCE}: sha256 of the text ${sha256}`,
      "wrote src/reference/data/icd10cm-billable.txt, icd10cm-descriptions.tsv, NOTICE.md (code-sets section)",
    ].join("\n"),
  );
}

function writeNotice(total: number, described: number, sha256: string): void {
  const section = `${MARK_START}
## ICD-10-CM (diagnosis codes)

Generated by \`npm run reference:code-sets\` (\`scripts/build-code-sets.ts\`); do not edit
\`icd10cm-billable.txt\` or \`icd10cm-descriptions.tsv\` by hand.

| file | built from | licence |
| --- | --- | --- |
| \`icd10cm-billable.txt\` (${total.toLocaleString("en-US")} codes), \`icd10cm-descriptions.tsv\` (${described.toLocaleString("en-US")} codes of chapters F and Z) | ${RELEASE.name}, ${RELEASE.publisher}; ${RELEASE.effective}. ${RELEASE.url} (also ${RELEASE.mirror}). Kept as \`${SOURCE}\`, copied from ${RELEASE.copiedFrom}; sha256 of the uncompressed text \`${sha256}\`. Checked: ${RELEASE.checked} | public domain (U.S. Government work) |

Changes made: codes written without padding, sorted by byte order; descriptions kept only for
chapters F and Z. "Billable" means listed in the codes file (CMS lists only the codes valid for
HIPAA-covered transactions there); category and subcategory headers are not in it.

The code set changes every October 1 (and sometimes April 1): a claim's diagnoses must come from
the release in force on its date of service. This is the FY2026 release; see \`scripts/build-code-sets.ts\`
to take a newer one.

## CPT and HCPCS (procedure codes)

\`procedure-codes.json\` is hand-written: the codes this product bills, with descriptions written
for Stateline. CPT is a registered trademark of the American Medical Association; its descriptors
are not reproduced here.
${MARK_END}
`;
  const path = `${OUT}NOTICE.md`;
  const current = readFileSync(path, "utf8");
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + MARK_END.length + 1)
      : current.trimEnd() + "\n\n" + section;
  writeFileSync(path, next);
}

main();
