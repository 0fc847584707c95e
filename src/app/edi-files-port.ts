/**
 * The X12 files as use cases see them: every file that goes to or comes from the clearinghouse
 * is kept exactly as written (`edi_files`), with its kind, what became of it and why, and what
 * the payer's answers change on claims (`payer_status`). Part of the `Store` port (see ports.ts),
 * implemented in src/store/edi-files-store.ts.
 *
 * Inbound files are handled inside one transaction each (src/app/clearinghouse.ts
 * `processInbox`): a handler posts everything or throws `EdiRejection`, the transaction is rolled
 * back and the file is kept, on its own, as rejected with the problems. Never half-posted.
 */
import type { EdiDirection, EdiKind } from "./clearinghouse-port.js";
import type { Paged, PageQuery } from "./paging.js";

export type EdiFileStatus = "sent" | "processed" | "rejected" | "duplicate";

export const EDI_KINDS: readonly EdiKind[] = ["837P", "270", "271", "835", "999", "277CA", "unknown"];
export const EDI_STATUSES: readonly EdiFileStatus[] = ["sent", "processed", "rejected", "duplicate"];

/** What an inbound handler is given about the file it posts (kept in the same transaction). */
export interface KeptEdiFile {
  readonly id: string;
  readonly direction: EdiDirection;
  readonly kind: EdiKind;
  readonly name: string;
  readonly sha256: string;
  readonly createdAt: string;
  /** The sandbox clearinghouse's made-up data: shown as such wherever it appears. */
  readonly sandbox: boolean;
}

/** A kept file as lists show it (without its content). */
export interface EdiFileSummary extends KeptEdiFile {
  /** ISA13 as written; null when the file's ISA could not be read. */
  readonly interchangeControlNumber: string | null;
  readonly status: EdiFileStatus;
  /** Why it was rejected (or what was noted while posting it), in words. */
  readonly problems: readonly string[];
  /** The earlier inbound file with the same bytes (status duplicate). */
  readonly duplicateOf: string | null;
  readonly size: number;
  readonly createdBy: string | null;
}

export interface EdiFile extends EdiFileSummary {
  /** The file exactly as written. */
  readonly content: string;
}

export interface NewEdiFile {
  readonly direction: EdiDirection;
  readonly kind: EdiKind;
  readonly name: string;
  readonly content: string;
  readonly sha256: string;
  readonly interchangeControlNumber: string | null;
  readonly status: EdiFileStatus;
  readonly problems?: readonly string[] | undefined;
  readonly duplicateOf?: string | null | undefined;
  readonly sandbox: boolean;
  readonly createdBy: string | null;
}

export interface EdiFileFilter {
  readonly direction?: EdiDirection | undefined;
  readonly kind?: EdiKind | undefined;
  readonly status?: EdiFileStatus | undefined;
}

/** What the payer said about a claim: acknowledgements (999/277CA), then the remittance (835). */
export type PayerStatus = "accepted" | "rejected" | "paid" | "partially_paid" | "denied";

/** A claim as the payer's answers find it: by its patient control number (CLM01 / CLP01). */
export interface AnsweredClaim {
  readonly id: string;
  /** "SL00000123". */
  readonly number: string;
  readonly clientId: string;
  readonly version: number;
  readonly frequency: "1" | "7" | "8";
  readonly exportId: string | null;
  readonly payerStatus: PayerStatus | null;
  readonly payerStatusAt: string | null;
  /** When the claim's current version went out (null: not exported). */
  readonly exportedAt: string | null;
  readonly payerControlNumber: string | null;
}

/**
 * A file the handler refuses as a whole (does not balance, unknown payer, answers nothing we
 * sent …): the transaction is rolled back and the file kept as rejected with these problems.
 */
export class EdiRejection extends Error {
  readonly problems: string[];
  constructor(problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "EdiRejection";
    this.problems = [...problems];
  }
}

export interface EdiFileStores {
  ediFiles: {
    /** Keeps a file as written; answers the kept row. */
    keep(f: NewEdiFile): Promise<EdiFileSummary>;
    /** The first inbound file kept with these bytes (not itself a duplicate), if any. */
    inboundBySha256(sha256: string): Promise<EdiFileSummary | undefined>;
    /** An inbound file's outcome (processed, or rejected with problems). */
    setOutcome(id: string, status: "processed" | "rejected", problems: readonly string[]): Promise<void>;
    /** Newest first (kept, then id, descending), filtered, and the key of the last one when more follow. */
    page(filter: EdiFileFilter, q: PageQuery): Promise<Paged<EdiFileSummary>>;
    byId(id: string): Promise<EdiFile | undefined>;
    /** The newest outbound file of a kind with this ISA13 (or GS06: ours are the same number). */
    outboundByControl(kind: EdiKind, interchangeControlNumber: string): Promise<EdiFile | undefined>;
    /** The newest inbound file kept, for the status line. */
    lastInbound(): Promise<EdiFileSummary | undefined>;
    /** How many files were kept per direction and status. */
    counts(): Promise<
      { readonly direction: EdiDirection; readonly status: EdiFileStatus; readonly n: number }[]
    >;
  };

  /** Claims as the payer's answers reach them. */
  payerAnswers: {
    /** The claims with these patient control numbers ("SL00000123"); unknown numbers are left out. */
    claimsByNumber(numbers: readonly string[]): Promise<AnsweredClaim[]>;
    /**
     * Sets what the payer said (and, when given, the payer's claim control number on an
     * original claim: a replacement or void keeps the one it quotes).
     */
    setPayerStatus(
      claimId: string,
      status: PayerStatus,
      at: Date,
      payerControlNumber?: string | null,
    ): Promise<void>;
    /** The export's 837P file as sent (null when it was never sent), and links it once. */
    linkExport(exportId: string, ediFileId: string): Promise<boolean>;
    /** The 837P file an export was sent as, if it was. */
    sentFileOf(exportId: string): Promise<string | null>;
    /** The export an 837P file was sent for, if it was one. */
    exportOfFile(ediFileId: string): Promise<string | null>;
  };
}
