/** The provider's claims, newest first. */
import { api } from "../../api/endpoints";
import { ClaimsTable } from "../../components/ClaimsTable";
import { Empty, LoadError, Loading, PageHeader } from "../../components/ui";
import { useAsync } from "../../lib/useAsync";

export async function loadClaims() {
  const [claims, sessions, clients] = await Promise.all([
    api.claims({ limit: 500 }),
    api.sessions({ status: "confirmed", limit: 1000 }),
    api.clients(),
  ]);
  const names = new Map(clients.map((c) => [c.id, c.name]));
  const clientOfSession = new Map(sessions.map((s) => [s.id, names.get(s.clientId)]));
  return { claims, clientOf: (sessionId: string) => clientOfSession.get(sessionId) };
}

export function ClaimsPage() {
  const data = useAsync(loadClaims, []);
  return (
    <>
      <PageHeader
        title="Claims"
        lead="One claim per confirmed session, to the payer the engine chose. Each is held 48 hours after confirmation, then ready to export."
      />
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {!data.data && !data.error ? <Loading what="Loading claims" /> : null}
      {data.data && data.data.claims.length === 0 ? (
        <Empty>No claims yet: confirm a session to create one.</Empty>
      ) : null}
      {data.data && data.data.claims.length > 0 ? (
        <ClaimsTable claims={data.data.claims} clientOf={data.data.clientOf} caption="Your claims" />
      ) : null}
    </>
  );
}
