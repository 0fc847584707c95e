/** Operations: every claim, by status: on hold, ready to export, exported. */
import { useState } from "react";
import { api } from "../../api/endpoints";
import type { ClaimStatus } from "../../api/types";
import { ClaimsTable } from "../../components/ClaimsTable";
import { SelectField } from "../../components/Field";
import { Empty, LoadError, Loading, PageHeader } from "../../components/ui";
import { plural } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

async function load(status: ClaimStatus | "") {
  const [claims, sessions, clients] = await Promise.all([
    api.claims({ limit: 1000, ...(status ? { status } : {}) }),
    api.sessions({ status: "confirmed", limit: 1000 }),
    api.clients(),
  ]);
  const names = new Map(clients.map((c) => [c.id, c.name]));
  const clientOfSession = new Map(sessions.map((s) => [s.id, names.get(s.clientId)]));
  return { claims, clientOf: (id: string) => clientOfSession.get(id) };
}

export function ClaimsQueuePage() {
  const [status, setStatus] = useState<ClaimStatus | "">("");
  const data = useAsync(() => load(status), [status]);
  return (
    <>
      <PageHeader
        title="Claims queue"
        lead="Claims of every practice. A claim is held 48 hours after its session is confirmed, then it is ready to export."
      />
      <div className="filters">
        <SelectField<ClaimStatus | "">
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: "", label: "All" },
            { value: "pending", label: "On hold" },
            { value: "ready", label: "Ready to export" },
            { value: "exported", label: "Exported" },
          ]}
        />
      </div>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {!data.data && !data.error ? <Loading what="Loading claims" /> : null}
      {data.data ? (
        data.data.claims.length === 0 ? (
          <Empty>No claims{status ? " with this status" : ""}.</Empty>
        ) : (
          <>
            <p className="muted">{plural(data.data.claims.length, "claim")}</p>
            <ClaimsTable claims={data.data.claims} clientOf={data.data.clientOf} caption="Claims queue" />
          </>
        )
      ) : null}
    </>
  );
}
