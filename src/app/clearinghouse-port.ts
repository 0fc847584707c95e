/**
 * The clearinghouse as use cases see it: files go out (`submit`) and answers come back (`poll`),
 * whatever carries them. `src/clearinghouse/` implements it as a mailbox (an outbox and an
 * inbox folder, as clearinghouses that offer SFTP mailboxes work) and runs the sandbox
 * clearinghouse that answers the outbox like one would.
 *
 * Every file in and out is also kept in the database exactly as written (`edi_files`) and each
 * one is audited; the mailbox folders are transport, not the record.
 */

/** What a file is, from its GS01/ST01 (837P claims, 270/271 eligibility, 835 remittance, acks). */
export type EdiKind = "837P" | "270" | "271" | "835" | "999" | "277CA" | "unknown";

export type EdiDirection = "out" | "in";

export interface OutgoingFile {
  /** The file name in the outbox: unique, safe (A–Z a–z 0–9 . _ -), ends in .x12. */
  readonly name: string;
  readonly content: string;
}

export interface IncomingFile {
  /** The file name in the inbox. */
  readonly name: string;
  readonly content: string;
}

export interface Clearinghouse {
  /** For people: "Sandbox clearinghouse (test data)" or "Mailbox at /var/edi". */
  readonly label: string;
  /** True when the answers are the sandbox's made-up ones: shown wherever they appear. */
  readonly sandbox: boolean;
  /** Hands a file to the clearinghouse (writes it to the outbox). */
  submit(file: OutgoingFile): Promise<void>;
  /** The files waiting in the inbox, oldest first, at most `limit`. Reading does not remove them. */
  poll(limit: number): Promise<IncomingFile[]>;
  /**
   * Moves a file out of the inbox once it has been kept in the database (committed). A crash
   * between keeping and taking reads the file again; its hash makes it a recognised duplicate.
   */
  taken(file: IncomingFile): Promise<void>;
}
