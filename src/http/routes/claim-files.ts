/**
 * Claims as files (X12 837P, FHIR R4), batch exports, the billing organization's settings and
 * the job runner's state. Thin: parse, one use case, answer.
 */
import {
  claimFile,
  CONTENT_TYPES,
  exportClaims,
  getBillingSettings,
  getExport,
  listExports,
  saveBillingSettings,
  type X12Usage,
} from "../../app/claim-files.js";
import type { BillingSettings } from "../../app/claim-files-port.js";
import {
  BillingSettingsBody,
  BillingSettingsDto,
  CLAIM_FILE_FORMATS,
  ClaimDto,
  ClaimFileDto,
  ClaimHistoryDto,
  ClaimParams,
  ERRORS,
  ExportBody,
  ExportDto,
  ExportListQuery,
  ExportResultDto,
  NoExportDto,
  ProblemDto,
  ReplacementBody,
  VoidBody,
  WRITE_ERRORS,
  type BillingSettings as BillingSettingsBodyOut,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";
import { claimDto } from "../session-dto.js";
import { claimHistory, replaceClaim, voidClaim } from "../../app/claim-corrections.js";

const billingDto = (s: BillingSettings): BillingSettingsBodyOut => ({
  name: s.name,
  npi: s.npi,
  taxId: s.taxId,
  taxonomy: s.taxonomy,
  address: {
    line1: s.address.line1 ?? "",
    line2: s.address.line2,
    city: s.address.city ?? "",
    state: s.address.state,
    zip: s.address.zip ?? "",
  },
  contactName: s.contactName,
  contactPhone: s.contactPhone,
  submitterId: s.submitterId,
  receiverName: s.receiverName,
  receiverId: s.receiverId,
  fees: { ...s.fees },
  payerIds: { ...s.payerIds },
  telehealthModifiers: { ...s.telehealthModifiers },
  updatedAt: s.updatedAt,
});

export function claimFileRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();
  const usage: X12Usage = deps.x12Usage ?? "P";

  for (const format of CLAIM_FILE_FORMATS) {
    api.get(
      `/claims/:id/${format}`,
      {
        schema: {
          tags: ["claims"],
          summary:
            format === "x12"
              ? "The claim as an X12 837P (005010X222A1) interchange"
              : "The claim as a FHIR R4 Bundle (Claim, Patient, Coverage, Practitioner, Organization, Location)",
          description:
            "409 with field paths when the claim lacks what a payer needs (NPI, member ID, address, diagnosis, fee); nothing is written then.",
          params: ClaimParams,
          produces: [CONTENT_TYPES[format]],
          response: { 200: ClaimFileDto, ...ERRORS, 409: ProblemDto },
        },
      },
      async (request, reply) => {
        const actor = await actorOf(request, deps);
        const { id } = request.params;
        const file = await claimFile(deps.store, deps.geo, actor, id, format, now(), usage);
        return reply
          .type(`${file.contentType}; charset=utf-8`)
          .header("content-disposition", `inline; filename="${file.filename}"`)
          .send(file.content);
      },
    );
  }

  api.get(
    "/billing-settings",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: who bills (NPI, tax id, address, clearinghouse, fees, electronic payer ids)",
        response: { 200: BillingSettingsDto, ...ERRORS },
      },
    },
    async (request) => billingDto(await getBillingSettings(deps.store, await actorOf(request, deps))),
  );

  api.put(
    "/billing-settings",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: set who bills",
        body: BillingSettingsBody,
        response: { 200: BillingSettingsDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const b = request.body;
      const address = { ...b.address, line2: b.address.line2 ?? null };
      const telehealthModifiers = b.telehealthModifiers ?? {};
      return billingDto(
        await saveBillingSettings(deps.store, deps.geo, actor, { ...b, address, telehealthModifiers }),
      );
    },
  );

  api.post(
    "/claim-exports",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: write the ready claims since a service date into one batch file",
        description:
          "The claims that are complete go out and are marked exported (201); a claim with a problem is left out, flagged on the claim (exportProblems) and listed in `excluded` with each field and its fix, and stays ready for the next export. Nothing to send → 200 with export null. allOrNothing: true → any problem is a 409 naming every claim and field, and nothing changes.",
        body: ExportBody,
        response: {
          200: NoExportDto,
          201: ExportResultDto,
          ...WRITE_ERRORS,
          409: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body;
      const result = await exportClaims(deps.store, deps.geo, actor, { ...b, usage }, now());
      const claimIds = [...result.claimIds];
      const excluded = result.excluded.map((x) => ({ ...x, problems: x.problems.map((p) => ({ ...p })) }));
      return result.export
        ? reply.code(201).send({ export: result.export, claimIds, excluded })
        : reply.code(200).send({ export: null, claimIds, excluded });
    },
  );

  api.post(
    "/claims/:id/replacement",
    {
      schema: {
        tags: ["claims"],
        summary: "Correct a released claim: its next version, a replacement (837P CLM05-3 = 7)",
        description:
          "For a ready or exported claim (a held one is corrected with PATCH). The new version carries the corrected codes and the payer's claim control number of the original (REF*F8), is ready at once and goes out with the next export; the history keeps every version. A ready claim never sent is corrected as a new version of the original (frequency 1). The claim's provider or operations. 400 with the field's path on bad input, 409 when the claim is held, voided or changed meanwhile; nothing is written then.",
        params: ClaimParams,
        body: ReplacementBody,
        response: { 200: ClaimDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
      return claimDto(await replaceClaim(deps.store, actor, id, b));
    },
  );

  api.post(
    "/claims/:id/void",
    {
      schema: {
        tags: ["claims"],
        summary: "Void a claim the payer has: its next version, a void (837P CLM05-3 = 8)",
        description:
          "For a claim that was sent (exported, or a correction of one that was): the void carries the payer's claim control number (REF*F8), is ready at once and goes out with the next export. The claim's provider or operations. 409 when the claim is held, never sent, already voided or changed meanwhile.",
        params: ClaimParams,
        body: VoidBody,
        response: { 200: ClaimDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
      return claimDto(await voidClaim(deps.store, actor, id, b));
    },
  );

  api.get(
    "/claims/:id/history",
    {
      schema: {
        tags: ["claims"],
        summary:
          "A claim's versions and what happened to each: confirmed, amended, exported, left out, replaced, voided",
        params: ClaimParams,
        response: { 200: ClaimHistoryDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const history = await claimHistory(deps.store, actor, id);
      return { claim: claimDto(history.claim), events: history.events.map((e) => ({ ...e })) };
    },
  );

  api.get(
    "/claim-exports",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: batch files written, newest first",
        description:
          "Newest first (then by id); `limit` a page (default 100, at most 1000), `cursor` the next page (the X-Next-Cursor of the previous one).",
        querystring: ExportListQuery,
        response: { 200: pagedArray(ExportDto, "Batch files, newest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listExports(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, (e) => e);
    },
  );

  api.get(
    "/claim-exports/:id/file",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: a batch file exactly as it was written",
        params: ClaimParams,
        produces: Object.values(CONTENT_TYPES),
        response: { 200: ClaimFileDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const found = await getExport(deps.store, actor, id);
      const ext = found.format === "x12" ? "x12" : "json";
      return reply
        .type(`${CONTENT_TYPES[found.format]}; charset=utf-8`)
        .header(
          "content-disposition",
          `attachment; filename="claims-${found.createdAt.slice(0, 10)}-${found.id}.${ext}"`,
        )
        .send(found.content);
    },
  );
}
