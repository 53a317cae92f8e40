import { errorText, type HostApi } from "../demo/host-api.js";
import { devPrincipal, type ApproveArgs, type PromoteArgs } from "./args.js";

/** `POST /api/promotions` as the requester; the lines to print. Throws with the API's error otherwise. */
export async function promoteCommand(args: PromoteArgs, api: HostApi): Promise<string[]> {
  const response = await api.post("/api/promotions", args.body, {
    "x-dev-principal": devPrincipal(args.as, "Promotion.Request"),
  });
  if (response.status !== 202) throw new Error(`POST /api/promotions answered ${errorText(response)}`);
  const body = response.body as { id: string; statusUrl?: string };
  const { model, from, to } = args.body;
  return [
    `Promotion ${body.id} started by ${args.as}: ${model} ${from} → ${to}`,
    ...(body.statusUrl ? [`  status:  ${body.statusUrl}`] : []),
    `  approve: npm run approve -- ${body.id} --as <someone else>`,
  ];
}

/** `POST /api/promotions/{id}/approve|reject` as the approver; the lines to print. */
export async function approveCommand(args: ApproveArgs, api: HostApi): Promise<string[]> {
  const path = `/api/promotions/${encodeURIComponent(args.id)}/${args.decision}`;
  const response = await api.post(path, args.comment === undefined ? {} : { comment: args.comment }, {
    "x-dev-principal": devPrincipal(args.as, "Promotion.Approve"),
  });
  if (response.status !== 202) throw new Error(`POST ${path} answered ${errorText(response)}`);
  const verb = args.decision === "approve" ? "approved" : "rejected";
  return [
    `Promotion ${args.id} ${verb} by ${args.as}.`,
    `  status: ${api.baseUrl}/api/promotions/${encodeURIComponent(args.id)}`,
  ];
}
