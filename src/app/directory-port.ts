/**
 * Storage for the directory and referrals: part of the `Store` port (see ports.ts), implemented
 * in src/store/directory-store.ts.
 */
import type { Product } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import type { ReachRow } from "./directory-reach.js";
import type { Credential, License, PracticeLocation, Provider } from "./model.js";
import type { Modality } from "./sessions-model.js";

/** One page's worth of candidates from the reach index. */
export interface ReachQuery {
  readonly state: StateCode;
  /** Index keys that can carry the claim there (`reachKeys`); never empty. */
  readonly keys: readonly string[];
  readonly date: string;
  /** Only rows with a license that is not telehealth-only. */
  readonly inPerson: boolean;
  /** Only providers accepting new clients. */
  readonly acceptingOnly: boolean;
  /** Only rows with a license of this type. */
  readonly licenseType: string | null;
  /** Candidates after this one in the directory's order (name, then id). */
  readonly after: DirectoryCursor | null;
  readonly limit: number;
  /**
   * The payers whose credentials can give a route there (`reachPayers`): a candidate's file
   * carries only those (the others never make a session billable). Absent: all of them.
   */
  readonly payers?: readonly string[];
}

/** A place in the directory's order: the provider's name, then id. */
export interface DirectoryCursor {
  readonly name: string;
  readonly id: string;
}

/** What the directory reads about one candidate: the engine's inputs for the state, and how to reach them. */
export interface DirectoryFile {
  readonly provider: Provider;
  readonly acceptingNewClients: boolean;
  /** All the provider's licenses (a privilege rests on a license elsewhere), in file order. */
  readonly licenses: readonly License[];
  /** The provider's credentials in the state asked about, in file order. */
  readonly credentials: readonly Credential[];
  readonly practiceLocations: readonly PracticeLocation[];
  /** The provider's account email, when they have an account. */
  readonly email: string | null;
}

export type ReferralStatus = "sent" | "accepted" | "declined" | "withdrawn";

export interface NewReferral {
  readonly clientId: string;
  readonly fromProviderId: string;
  readonly toProviderId: string;
  readonly reason: string;
  readonly state: StateCode;
  readonly zip: string | null;
  readonly serviceDate: string;
  readonly modality: Modality;
  readonly payer: string;
  readonly product: Product | null;
  readonly basis: "in_network" | "virtual_network" | "bluecard";
  readonly billTo: string;
  readonly createdBy: string | null;
}

export interface Referral extends NewReferral {
  readonly id: string;
  readonly status: ReferralStatus;
  readonly clientName: string;
  readonly fromName: string;
  readonly toName: string;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

export interface ReferralQuery {
  /** A provider's referrals, sent and received (null: everyone's, for operations). */
  readonly providerId: string | null;
  /** Only those sent or received by `providerId`. */
  readonly box?: "sent" | "received" | undefined;
  readonly clientId?: string | undefined;
  readonly status?: ReferralStatus | undefined;
  /** Referrals after this one in the list (newest first). */
  readonly beforeId?: string | undefined;
  readonly limit: number;
}

export interface DirectoryStores {
  directory: {
    /** Recomputes the reach rows of these providers (one statement; call inside the changing transaction). */
    refresh(providerIds: readonly string[]): Promise<void>;
    /** Recomputes every provider's rows; the number of rows. */
    rebuild(): Promise<number>;
    /** A provider's rows as stored, by state and key. */
    rows(providerId: string): Promise<ReachRow[]>;
    /** Candidates in the directory's order (name, id), each once. */
    candidates(q: ReachQuery): Promise<DirectoryCursor[]>;
    /**
     * The same candidates with their files for the state (from `directory_files`): their
     * versions in one statement, and the files not already held at those versions in a second.
     */
    candidateFiles(
      q: ReachQuery,
    ): Promise<{ readonly cursor: DirectoryCursor; readonly file: DirectoryFile }[]>;
    /** The candidates' files for the state (one query; order not kept). */
    files(providerIds: readonly string[], state: StateCode): Promise<DirectoryFile[]>;
    /** Whether the provider takes new clients; undefined for no such provider. */
    accepting(providerId: string): Promise<boolean | undefined>;
    setAccepting(providerId: string, accepting: boolean): Promise<void>;
  };
  referrals: {
    add(r: NewReferral): Promise<Referral>;
    byId(id: string): Promise<Referral | undefined>;
    /** Newest first. */
    list(q: ReferralQuery): Promise<Referral[]>;
    /** Moves a sent referral to `status`; undefined when it is no longer sent. */
    settle(
      id: string,
      status: Exclude<ReferralStatus, "sent">,
      by: string | null,
      at: Date,
    ): Promise<Referral | undefined>;
  };
}
