/** The remittance part of the store: posted 835s and their claim payments (see src/app/remittance-port.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type {
  ClaimPaymentRow,
  DenialRow,
  RemittanceStores,
  RemittanceSummary,
} from "../app/remittance-port.js";
import type { Database } from "./schema.js";
import { claimNumber, instantKey, keysetAfter, newestFirstAfter, pagedOf } from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

const iso = (d: Date | string): string => new Date(d).toISOString();
const num = (v: string | number | bigint): number => Number(v);

type RemittanceRow = Selectable<Database["remittances"]> & {
  file_name: string;
  sandbox: boolean;
  paid_cents: string | number;
  unmatched_count: string | number;
};

const toRemittance = (r: RemittanceRow): RemittanceSummary => ({
  id: r.id,
  ediFileId: r.edi_file_id,
  transactionControl: r.transaction_control,
  payerName: r.payer_name,
  payerId: r.payer_id,
  cataloguePayer: r.catalogue_payer,
  payeeName: r.payee_name,
  payeeNpi: r.payee_npi,
  checkNumber: r.check_number,
  method: r.method,
  paidOn: r.paid_on,
  totalCents: num(r.total_cents),
  claimCount: r.claim_count,
  providerAdjustments: r.provider_adjustments,
  balanced: r.balanced,
  problems: r.problems,
  createdAt: iso(r.created_at),
  fileName: r.file_name,
  sandbox: r.sandbox,
  paidCents: num(r.paid_cents),
  unmatchedCount: num(r.unmatched_count),
});

type PaymentRow = Selectable<Database["claim_payments"]> & {
  client_id: string | null;
  payer_name: string;
  check_number: string;
  paid_on: string | null;
  sandbox: boolean;
};

const toPayment = (r: PaymentRow): ClaimPaymentRow => ({
  id: r.id,
  remittanceId: r.remittance_id,
  claimId: r.claim_id,
  claimVersion: r.claim_version,
  patientControlNumber: r.patient_control_number,
  patientName: r.patient_name,
  memberId: r.member_id,
  statusCode: r.status_code,
  outcome: r.outcome,
  chargeCents: num(r.charge_cents),
  paidCents: num(r.paid_cents),
  patientResponsibilityCents: num(r.patient_responsibility_cents),
  payerControlNumber: r.payer_control_number,
  adjustments: r.adjustments,
  lines: r.lines,
  remarks: r.remarks,
  createdAt: iso(r.created_at),
  clientId: r.client_id,
  payerName: r.payer_name,
  checkNumber: r.check_number,
  paidOn: r.paid_on,
  sandbox: r.sandbox,
});

/** Remittances with their file's name and sandbox flag, and their claim payments' totals. */
function remittanceQuery(q: Q) {
  return q
    .selectFrom("remittances as r")
    .innerJoin("edi_files as f", "f.id", "r.edi_file_id")
    .selectAll("r")
    .select(["f.name as file_name", "f.sandbox"])
    .select([
      sql<string>`(select coalesce(sum(p.paid_cents), 0) from claim_payments p where p.remittance_id = r.id)`.as(
        "paid_cents",
      ),
      sql<string>`(select count(*) from claim_payments p where p.remittance_id = r.id and p.claim_id is null)`.as(
        "unmatched_count",
      ),
    ]);
}

/** Claim payments with what lists show of their remittance and the claim's client. */
function paymentQuery(q: Q) {
  return q
    .selectFrom("claim_payments as p")
    .innerJoin("remittances as r", "r.id", "p.remittance_id")
    .innerJoin("edi_files as f", "f.id", "r.edi_file_id")
    .leftJoin("claims as c", "c.id", "p.claim_id")
    .selectAll("p")
    .select(["c.client_id", "r.payer_name", "r.check_number", "r.paid_on", "f.sandbox"]);
}

export function remittanceStores(q: Q): RemittanceStores {
  return {
    remittances: {
      async byPayerCheck(payerId, checkNumber) {
        const r = await remittanceQuery(q)
          .where("r.payer_id", "=", payerId)
          .where("r.check_number", "=", checkNumber)
          .executeTakeFirst();
        return r ? toRemittance(r) : undefined;
      },
      async add(r, payments) {
        const row = await q
          .insertInto("remittances")
          .values({
            edi_file_id: r.ediFileId,
            transaction_control: r.transactionControl,
            payer_name: r.payerName,
            payer_id: r.payerId,
            catalogue_payer: r.cataloguePayer,
            payee_name: r.payeeName,
            payee_npi: r.payeeNpi,
            check_number: r.checkNumber,
            method: r.method,
            paid_on: r.paidOn,
            total_cents: r.totalCents,
            claim_count: r.claimCount,
            provider_adjustments: JSON.stringify(r.providerAdjustments),
            balanced: r.balanced,
            problems: JSON.stringify(r.problems),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (payments.length > 0) {
          await q
            .insertInto("claim_payments")
            .values(
              payments.map((p, i) => ({
                remittance_id: row.id,
                position: i + 1,
                claim_id: p.claimId,
                claim_version: p.claimVersion,
                patient_control_number: p.patientControlNumber,
                patient_name: p.patientName,
                member_id: p.memberId,
                status_code: p.statusCode,
                outcome: p.outcome,
                charge_cents: p.chargeCents,
                paid_cents: p.paidCents,
                patient_responsibility_cents: p.patientResponsibilityCents,
                payer_control_number: p.payerControlNumber,
                adjustments: JSON.stringify(p.adjustments),
                lines: JSON.stringify(p.lines),
                remarks: [...p.remarks],
              })),
            )
            .execute();
        }
        const saved = await remittanceQuery(q).where("r.id", "=", row.id).executeTakeFirstOrThrow();
        return toRemittance(saved);
      },
      async page(filter, p) {
        let query = remittanceQuery(q)
          .select(instantKey("r.created_at").as("key_at"))
          .orderBy("r.created_at", "desc")
          .orderBy("r.id", "desc")
          .limit(p.limit + 1);
        if (filter.payer !== undefined && filter.payer !== "") {
          const like = `%${filter.payer.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          const payer = filter.payer;
          query = query.where((eb) =>
            eb.or([
              eb("r.payer_id", "=", payer),
              eb("r.catalogue_payer", "=", payer),
              eb("r.payer_name", "ilike", like),
            ]),
          );
        }
        if (filter.from !== undefined) query = query.where("r.paid_on", ">=", filter.from);
        if (filter.to !== undefined) query = query.where("r.paid_on", "<=", filter.to);
        if (filter.checkNumber !== undefined && filter.checkNumber !== "")
          query = query.where("r.check_number", "=", filter.checkNumber);
        if (p.after !== undefined) query = query.where(newestFirstAfter(p.after, "r.created_at", "r.id"));
        return pagedOf(await query.execute(), p.limit, toRemittance, (r) => [r.key_at, r.id]);
      },
      async byId(id) {
        const r = await remittanceQuery(q).where("r.id", "=", id).executeTakeFirst();
        return r ? toRemittance(r) : undefined;
      },
      async payments(remittanceId) {
        const rows = await paymentQuery(q)
          .where("p.remittance_id", "=", remittanceId)
          .orderBy("p.position")
          .execute();
        return rows.map(toPayment);
      },
      async paymentsPage(unmatched, p) {
        let query = paymentQuery(q)
          .select(instantKey("p.created_at").as("key_at"))
          .orderBy("p.created_at")
          .orderBy("p.id")
          .limit(p.limit + 1);
        if (unmatched) query = query.where("p.claim_id", "is", null);
        if (p.after !== undefined)
          query = query.where(
            keysetAfter(
              [
                ["p.created_at", "timestamptz"],
                ["p.id", "uuid"],
              ],
              p.after,
              "asc",
            ),
          );
        return pagedOf(await query.execute(), p.limit, toPayment, (r) => [r.key_at, r.id]);
      },
      async paymentsOfClaim(claimId) {
        const rows = await paymentQuery(q)
          .where("p.claim_id", "=", claimId)
          .orderBy("p.created_at", "desc")
          .orderBy("p.id", "desc")
          .execute();
        return rows.map(toPayment);
      },
      async denials(p) {
        // The latest payment on each claim's current version says why.
        let query = q
          .selectFrom("claims as c")
          .innerJoin("clients as cl", "cl.id", "c.client_id")
          .innerJoin("providers as pr", "pr.id", "c.provider_id")
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom("claim_payments as p")
                .innerJoin("remittances as r", "r.id", "p.remittance_id")
                .innerJoin("edi_files as f", "f.id", "r.edi_file_id")
                .selectAll("p")
                .select(["r.payer_name", "r.check_number", "r.paid_on", "f.sandbox"])
                .whereRef("p.claim_id", "=", "c.id")
                .whereRef("p.claim_version", "=", "c.version")
                .orderBy("p.created_at", "desc")
                .orderBy("p.id", "desc")
                .limit(1)
                .as("pay"),
            (join) => join.onTrue(),
          )
          .selectAll("pay")
          .select([
            "c.id as c_id",
            "c.number as c_number",
            "c.version as c_version",
            "c.client_id as c_client_id",
            "c.provider_id as c_provider_id",
            "c.service_date as c_service_date",
            "c.bill_to as c_bill_to",
            "c.payer_status as c_payer_status",
            "c.payer_status_at as c_payer_status_at",
            "cl.name as client_name",
            "pr.name as provider_name",
          ])
          .select(instantKey("c.payer_status_at").as("key_at"))
          .where("c.payer_status", "in", ["denied", "partially_paid"])
          .orderBy("c.payer_status_at")
          .orderBy("c.id")
          .limit(p.limit + 1);
        if (p.after !== undefined)
          query = query.where(
            keysetAfter(
              [
                ["c.payer_status_at", "timestamptz"],
                ["c.id", "uuid"],
              ],
              p.after,
              "asc",
            ),
          );
        const rows = await query.execute();
        return pagedOf(
          rows,
          p.limit,
          (r): DenialRow => ({
            claimId: r.c_id,
            claimNumber: claimNumber(r.c_number),
            claimVersion: r.c_version,
            clientId: r.c_client_id,
            clientName: r.client_name,
            providerId: r.c_provider_id,
            providerName: r.provider_name,
            serviceDate: r.c_service_date,
            billTo: r.c_bill_to,
            payerStatus: r.c_payer_status === "denied" ? "denied" : "partially_paid",
            payerStatusAt: iso(r.c_payer_status_at ?? new Date(0)),
            payment: toPayment({ ...r, client_id: r.c_client_id }),
          }),
          (r) => [r.key_at, r.c_id],
        );
      },
    },
  };
}
