/** The clearinghouse connector on the wire: its status, polling, the kept X12 files, sending an export. */
import { Type, type Static } from "@sinclair/typebox";
import { Id, Instant, literals, Nullable, pageSize } from "./common.js";
import { PageCursor } from "./sessions.js";

export const EDI_DIRECTIONS = ["out", "in"] as const;
export const EDI_FILE_KINDS = ["837P", "270", "271", "835", "999", "277CA", "unknown"] as const;
export const EDI_FILE_STATUSES = ["sent", "processed", "rejected", "duplicate"] as const;

const Count = Type.Integer({ minimum: 0 });

export const ClearinghouseDto = Type.Object(
  {
    configured: Type.Boolean({ description: "False when the server runs without a clearinghouse" }),
    label: Nullable(
      Type.String({ description: '"Sandbox clearinghouse (test data)" or "Mailbox at /var/edi"' }),
    ),
    sandbox: Type.Boolean({ description: "True: every answer is the sandbox's made-up test data" }),
    outbox: Nullable(Type.String()),
    inbox: Nullable(Type.String()),
    waitingOut: Nullable(Count),
    waitingIn: Nullable(Count),
    lastPollAt: Nullable(Instant),
    lastPollError: Nullable(Type.String()),
    lastInboundAt: Nullable(Instant),
    files: Type.Object({ sent: Count, processed: Count, rejected: Count, duplicate: Count }),
  },
  { description: "The clearinghouse connector as operations see it" },
);

export const InboxOutcomeDto = Type.Object({
  name: Type.String(),
  fileId: Nullable(Id),
  kind: literals(EDI_FILE_KINDS),
  status: literals([...EDI_FILE_STATUSES, "error"] as const),
  said: Type.String({ description: "What was posted, the problems, or why it waits for the next poll" }),
});

export const PollResultDto = Type.Object({ files: Type.Array(InboxOutcomeDto) });

export const EdiFileDto = Type.Object(
  {
    id: Id,
    direction: literals(EDI_DIRECTIONS),
    kind: literals(EDI_FILE_KINDS),
    name: Type.String(),
    sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }),
    interchangeControlNumber: Nullable(Type.String()),
    status: literals(EDI_FILE_STATUSES),
    problems: Type.Array(Type.String(), { description: "Why it was rejected, in words" }),
    duplicateOf: Nullable(Id),
    sandbox: Type.Boolean({ description: "The sandbox clearinghouse's test data" }),
    size: Count,
    createdAt: Instant,
    createdBy: Nullable(Id),
  },
  { description: "An X12 file sent to or received from the clearinghouse, kept as written" },
);

export const EdiFileQuery = Type.Object({
  direction: Type.Optional(literals(EDI_DIRECTIONS)),
  kind: Type.Optional(literals(EDI_FILE_KINDS)),
  status: Type.Optional(literals(EDI_FILE_STATUSES)),
  limit: pageSize(50, 500),
  cursor: PageCursor,
});

export const EdiFileContentDto = Type.String({
  description: "The file exactly as written (application/edi-x12)",
});

export type ClearinghouseStatusBody = Static<typeof ClearinghouseDto>;
export type EdiFileBody = Static<typeof EdiFileDto>;
export type PollResultBody = Static<typeof PollResultDto>;
export type EdiFileKind = (typeof EDI_FILE_KINDS)[number];
export type EdiFileStatusName = (typeof EDI_FILE_STATUSES)[number];
