/**
 * The clearinghouse connector for operations: its status, polling the inbox now, the X12 files
 * kept in and out (each exactly as written), and sending a claim export. Thin: parse, one use
 * case, answer.
 */
import {
  clearinghouseStatus,
  getEdiFile,
  listEdiFiles,
  pollNow,
  submitClaimExport,
} from "../../app/clearinghouse.js";
import type { EdiFileSummary } from "../../app/edi-files-port.js";
import {
  ClearinghouseDto,
  EdiFileContentDto,
  EdiFileDto,
  EdiFileQuery,
  ERRORS,
  IdParams,
  PollResultDto,
  ProblemDto,
  WRITE_ERRORS,
  type EdiFileBody,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

const fileDto = (f: EdiFileSummary): EdiFileBody => ({
  id: f.id,
  direction: f.direction,
  kind: f.kind,
  name: f.name,
  sha256: f.sha256,
  interchangeControlNumber: f.interchangeControlNumber,
  status: f.status,
  problems: [...f.problems],
  duplicateOf: f.duplicateOf,
  sandbox: f.sandbox,
  size: f.size,
  createdAt: f.createdAt,
  createdBy: f.createdBy,
});

export function clearinghouseRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.get(
    "/clearinghouse",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: the clearinghouse connector (mailbox or sandbox), its folders and last poll",
        response: { 200: ClearinghouseDto, ...ERRORS },
      },
    },
    async (request) => {
      const s = await clearinghouseStatus(deps.store, deps.clearinghouse, await actorOf(request, deps));
      return { ...s, files: { ...s.files } };
    },
  );

  api.post(
    "/clearinghouse/poll",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: read the clearinghouse's inbox now (a job does it every minute)",
        description:
          "Every file is kept as written: processed, rejected with its reasons (never half-posted), or a duplicate of a file already kept (never posted twice). 409 when no clearinghouse is configured.",
        response: { 200: PollResultDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const report = await pollNow(deps.store, deps.clearinghouse, await actorOf(request, deps), now());
      return { files: report.files.map((f) => ({ ...f })) };
    },
  );

  api.get(
    "/edi-files",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: the X12 files sent and received, newest first",
        description:
          "Filter by direction (out, in), kind (837P, 270, 271, 835, 999, 277CA, unknown) and status (sent, processed, rejected, duplicate); `limit` a page (default 50, at most 500), `cursor` the next page.",
        querystring: EdiFileQuery,
        response: { 200: pagedArray(EdiFileDto, "Kept files, newest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listEdiFiles(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, fileDto);
    },
  );

  api.get(
    "/edi-files/:id",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: one kept X12 file (without its content)",
        params: IdParams,
        response: { 200: EdiFileDto, ...ERRORS },
      },
    },
    async (request) => fileDto(await getEdiFile(deps.store, await actorOf(request, deps), request.params.id)),
  );

  api.get(
    "/edi-files/:id/content",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: a kept X12 file exactly as it was written",
        params: IdParams,
        produces: ["application/edi-x12"],
        response: { 200: EdiFileContentDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const found = await getEdiFile(deps.store, await actorOf(request, deps), request.params.id);
      return reply
        .type("application/edi-x12; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="${found.name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        )
        .send(found.content);
    },
  );

  api.post(
    "/claim-exports/:id/submit",
    {
      schema: {
        tags: ["clearinghouse"],
        summary: "Operations: send an X12 claim export to the clearinghouse as an 837P, once",
        description:
          "The export is sent exactly as it was written and kept as an outbound file (201 with the file). 409 when the export is FHIR, was sent already (naming the file), or no clearinghouse is configured.",
        params: IdParams,
        response: { 201: EdiFileDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const sent = await submitClaimExport(deps.store, deps.clearinghouse, actor, request.params.id, now());
      return reply.code(201).send(fileDto(sent));
    },
  );
}
