/** The EDI-files part of the store: X12 files kept as written, and the payer's answers on claims (see src/app/edi-files-port.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { AnsweredClaim, EdiFileStores, EdiFileSummary } from "../app/edi-files-port.js";
import type { Database } from "./schema.js";
import { claimNumber, instantKey, newestFirstAfter, pagedOf } from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

const iso = (d: Date | string): string => new Date(d).toISOString();

const SUMMARY = [
  "id",
  "direction",
  "kind",
  "name",
  "sha256",
  "interchange_control_number",
  "status",
  "problems",
  "duplicate_of",
  "sandbox",
  "created_at",
  "created_by",
] as const;

type SummaryRow = Pick<Selectable<Database["edi_files"]>, (typeof SUMMARY)[number]> & {
  size: number | string;
};

const toSummary = (r: SummaryRow): EdiFileSummary => ({
  id: r.id,
  direction: r.direction,
  kind: r.kind,
  name: r.name,
  sha256: r.sha256,
  createdAt: iso(r.created_at),
  sandbox: r.sandbox,
  interchangeControlNumber: r.interchange_control_number,
  status: r.status,
  problems: r.problems,
  duplicateOf: r.duplicate_of,
  size: Number(r.size),
  createdBy: r.created_by,
});

/** "SL00000123" → 123, or null for anything that is not one of our claim numbers. */
function numberOf(patientControlNumber: string): number | null {
  const m = /^SL(\d{1,15})$/.exec(patientControlNumber.trim());
  return m ? Number(m[1]) : null;
}

export function ediFileStores(q: Q): EdiFileStores {
  const summaries = () =>
    q
      .selectFrom("edi_files")
      .select(SUMMARY)
      .select(sql<number>`octet_length(content)`.as("size"));
  return {
    ediFiles: {
      async keep(f) {
        const r = await q
          .insertInto("edi_files")
          .values({
            direction: f.direction,
            kind: f.kind,
            name: f.name,
            content: f.content,
            sha256: f.sha256,
            interchange_control_number: f.interchangeControlNumber,
            status: f.status,
            problems: JSON.stringify(f.problems ?? []),
            duplicate_of: f.duplicateOf ?? null,
            sandbox: f.sandbox,
            created_by: f.createdBy,
          })
          .returning(SUMMARY)
          .returning(sql<number>`octet_length(content)`.as("size"))
          .executeTakeFirstOrThrow();
        return toSummary(r);
      },
      async inboundBySha256(sha256) {
        const r = await summaries()
          .where("direction", "=", "in")
          .where("sha256", "=", sha256)
          .where("status", "<>", "duplicate")
          .orderBy("created_at")
          .orderBy("id")
          .limit(1)
          .executeTakeFirst();
        return r ? toSummary(r) : undefined;
      },
      async setOutcome(id, status, problems) {
        await q
          .updateTable("edi_files")
          .set({ status, problems: JSON.stringify(problems) })
          .where("id", "=", id)
          .where("direction", "=", "in")
          .execute();
      },
      async page(filter, p) {
        let query = summaries()
          .select(instantKey("created_at").as("key_at"))
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(p.limit + 1);
        if (filter.direction) query = query.where("direction", "=", filter.direction);
        if (filter.kind) query = query.where("kind", "=", filter.kind);
        if (filter.status) query = query.where("status", "=", filter.status);
        if (p.after !== undefined) query = query.where(newestFirstAfter(p.after));
        return pagedOf(await query.execute(), p.limit, toSummary, (r) => [r.key_at, r.id]);
      },
      async byId(id) {
        const r = await summaries().select("content").where("id", "=", id).executeTakeFirst();
        return r ? { ...toSummary(r), content: r.content } : undefined;
      },
      async outboundByControl(kind, control) {
        const r = await summaries()
          .select("content")
          .where("direction", "=", "out")
          .where("kind", "=", kind)
          .where("interchange_control_number", "=", control.padStart(9, "0"))
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst();
        return r ? { ...toSummary(r), content: r.content } : undefined;
      },
      async lastInbound() {
        const r = await summaries()
          .where("direction", "=", "in")
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst();
        return r ? toSummary(r) : undefined;
      },
      async counts() {
        const rows = await q
          .selectFrom("edi_files")
          .select(["direction", "status"])
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .groupBy(["direction", "status"])
          .execute();
        return rows.map((r) => ({ direction: r.direction, status: r.status, n: Number(r.n) }));
      },
    },

    payerAnswers: {
      async claimsByNumber(numbers) {
        const ns = [...new Set(numbers.map(numberOf).filter((n): n is number => n !== null))];
        if (ns.length === 0) return [];
        const rows = await q
          .selectFrom("claims")
          .select([
            "id",
            "number",
            "client_id",
            "version",
            "frequency",
            "export_id",
            "payer_status",
            "payer_status_at",
            "exported_at",
            "payer_control_number",
          ])
          .where("number", "=", sql<number>`any(${ns.map(String)}::bigint[])`)
          .execute();
        return rows.map((r): AnsweredClaim => ({
          id: r.id,
          number: claimNumber(r.number),
          clientId: r.client_id,
          version: r.version,
          frequency: r.frequency,
          exportId: r.export_id,
          payerStatus: r.payer_status,
          payerStatusAt: r.payer_status_at === null ? null : iso(r.payer_status_at),
          exportedAt: r.exported_at === null ? null : iso(r.exported_at),
          payerControlNumber: r.payer_control_number,
        }));
      },
      async setPayerStatus(claimId, status, at, payerControlNumber) {
        await q
          .updateTable("claims")
          .set({
            payer_status: status,
            payer_status_at: at,
            // Only an original claim takes the payer's number: a replacement or void keeps the
            // number of the original it quotes (REF*F8).
            ...(payerControlNumber
              ? {
                  payer_control_number: sql<string>`case when frequency = '1' then ${payerControlNumber} else payer_control_number end`,
                }
              : {}),
          })
          .where("id", "=", claimId)
          .execute();
      },
      async linkExport(exportId, ediFileId) {
        const r = await q
          .updateTable("claim_exports")
          .set({ edi_file_id: ediFileId })
          .where("id", "=", exportId)
          .where("edi_file_id", "is", null)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      async sentFileOf(exportId) {
        const r = await q
          .selectFrom("claim_exports")
          .select("edi_file_id")
          .where("id", "=", exportId)
          .executeTakeFirst();
        return r?.edi_file_id ?? null;
      },
      async exportOfFile(ediFileId) {
        const r = await q
          .selectFrom("claim_exports")
          .select("id")
          .where("edi_file_id", "=", ediFileId)
          .executeTakeFirst();
        return r?.id ?? null;
      },
    },
  };
}
