/** The client's insurance coverage: plan, member ID, kind of plan (product) and dates. */
import type { SubmitEvent } from "react";
import { api, type CoverageInput } from "../../api/endpoints";
import { PRODUCTS, type Coverage, type Product } from "../../api/types";
import { FormError, SelectField, TextField } from "../../components/Field";
import { FormActions } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { byName, useDraft } from "../../lib/useDraft";
import { productName } from "../../lib/format";

/** The product select's "not known" choice (the API's null). */
const UNKNOWN = "unknown";
type ProductChoice = Product | typeof UNKNOWN;

const productOptions: { value: ProductChoice; label: string }[] = [
  { value: UNKNOWN, label: "Not known" },
  ...PRODUCTS.map((p) => ({ value: p, label: productName(p) })),
];

export function CoverageForm({
  clientId,
  current,
  onSaved,
  onCancel,
}: {
  clientId: string;
  current: Coverage | null;
  onSaved: (c: Coverage) => void;
  onCancel: () => void;
}) {
  const { catalogue } = useApp();
  const product: ProductChoice = current?.product ?? UNKNOWN;
  const { v, set, error, busy, save } = useDraft(() => ({
    payer: current?.payer ?? "",
    memberId: current?.memberId ?? "",
    product,
    effectiveFrom: current?.effectiveFrom ?? "",
    effectiveTo: current?.effectiveTo ?? "",
  }));
  const payers = byName(catalogue?.payers);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const body: CoverageInput = {
      payer: v.payer,
      memberId: v.memberId.trim() || null,
      // The BlueCard flag is kept as it was; the product decides when it is not set.
      bluecard: current && current.payer === v.payer ? current.bluecard : null,
      product: v.product === UNKNOWN ? null : v.product,
      effectiveFrom: v.effectiveFrom || null,
      effectiveTo: v.effectiveTo || null,
    };
    save(api.setCoverage(clientId, body), onSaved);
  };
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormError error={error} shown={["payer", "memberId", "product", "effectiveFrom", "effectiveTo"]} />
      <SelectField
        label="Plan"
        hint="For a Blue Cross Blue Shield member, the plan on the card (the home plan)."
        value={v.payer}
        onChange={set("payer")}
        placeholder="Choose…"
        options={payers.map((p) => ({ value: p.id, label: p.name }))}
        error={error?.field("payer")}
        required
      />
      <div className="form__row">
        <TextField
          label="Member ID"
          hint="Exactly as on the card, prefix included."
          value={v.memberId}
          onChange={set("memberId")}
          error={error?.field("memberId")}
          maxLength={80}
        />
        <SelectField<ProductChoice>
          label="Kind of plan"
          hint="Decides out-of-area (BlueCard) benefits and how claims are filed."
          value={v.product}
          onChange={set("product")}
          options={productOptions}
          error={error?.field("product")}
        />
      </div>
      <div className="form__row">
        <TextField
          label="In force from"
          type="date"
          value={v.effectiveFrom}
          onChange={set("effectiveFrom")}
          error={error?.field("effectiveFrom")}
        />
        <TextField
          label="In force to"
          type="date"
          value={v.effectiveTo}
          onChange={set("effectiveTo")}
          error={error?.field("effectiveTo")}
        />
      </div>
      <FormActions label="Save coverage" busy={busy} onCancel={onCancel} />
    </form>
  );
}
