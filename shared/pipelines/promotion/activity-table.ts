import { implement, type ActivityHandler } from "../../durable/implement.js";
import { createPromotionActivities, type PromotionActivityDeps } from "./promotion.activities.js";
import {
  AppendLedgerRecord,
  DeployPromotedBundle,
  GetModelAlias,
  PreflightPromotion,
  ReadLedger,
  RemoveModelAlias,
  RunSmokeJob,
  SendPromotionReminder,
  SetModelAlias,
} from "./promotion.contracts.js";

/** One activity to register: `df.app.activity(entry.name, { handler: entry.handler })`. */
export interface ActivityEntry {
  readonly name: string;
  readonly handler: ActivityHandler<unknown>;
}

/**
 * Activities the orchestrations call whose implementation belongs to other work: the bundle deploy under
 * the deploy lease (issues #4/#6) and a job run on the target (ADR 0020, "Not built yet").
 */
export const PROMOTION_ACTIVITIES_ELSEWHERE = [DeployPromotedBundle.name, RunSmokeJob.name] as const;

/** The promotion activities built here, ready for functions/ to register once their deps exist. */
export function promotionActivityTable(deps: PromotionActivityDeps): ActivityEntry[] {
  const a = createPromotionActivities(deps);
  return [
    { name: PreflightPromotion.name, handler: implement(PreflightPromotion, a.preflight) },
    { name: SetModelAlias.name, handler: implement(SetModelAlias, a.setAlias) },
    { name: RemoveModelAlias.name, handler: implement(RemoveModelAlias, a.removeAlias) },
    { name: GetModelAlias.name, handler: implement(GetModelAlias, a.getAlias) },
    { name: AppendLedgerRecord.name, handler: implement(AppendLedgerRecord, a.appendLedger) },
    { name: ReadLedger.name, handler: implement(ReadLedger, a.readLedger) },
    { name: SendPromotionReminder.name, handler: implement(SendPromotionReminder, a.sendReminder) },
  ];
}
