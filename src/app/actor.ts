/** Who is asking: every use case takes the actor and decides what they may see. */
export type Role = "provider" | "client" | "ops";

export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  /** Set for providers: the provider record they are. */
  readonly providerId: string | null;
  /** Set for clients: the client record they are. */
  readonly clientId: string | null;
  /** Where the request came from, for the audit log. */
  readonly ip: string;
}

/** The platform itself (demo data, scheduled re-checks): audited as "system". */
export const SYSTEM: Actor = {
  userId: "00000000-0000-0000-0000-000000000000",
  email: "system",
  role: "ops",
  providerId: null,
  clientId: null,
  ip: "local",
};
