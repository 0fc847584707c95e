/** What every page may need: who is signed in, and the payer catalogue for names. */
import { createContext, useContext } from "react";
import type { Payer, PayerCatalogue, User } from "../api/types";

export interface AppContextValue {
  readonly user: User;
  readonly catalogue: PayerCatalogue | undefined;
  /** A payer's name from the catalogue ("bcbs-nc" → "Blue Cross and Blue Shield of North Carolina"). */
  readonly payerName: (id: string) => string;
  readonly payer: (id: string) => Payer | undefined;
  readonly signOut: () => void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside the signed-in app");
  return value;
}

export function catalogueLookup(catalogue: PayerCatalogue | undefined) {
  const byId = new Map((catalogue?.payers ?? []).map((p) => [p.id, p]));
  return {
    payer: (id: string) => byId.get(id),
    payerName: (id: string) => byId.get(id)?.name ?? id,
  };
}
