import { implement, type ActivityHandler } from "../../durable/implement.js";
import { GetModelAlias, RemoveModelAlias, ResolveBundleJob, SetModelAlias } from "./apply.contracts.js";
import { FindModelCopy, SubmitModelCopy } from "./copy.contracts.js";
import { createCopyActivities } from "./copy.activities.js";
import { createPromotionActivities, type PromotionActivityDeps } from "./promotion.activities.js";
import {
  AppendLedgerRecord,
  PostReminderComment,
  PreflightPromotion,
  ReadLedger,
  SendPromotionReminder,
} from "./promotion.contracts.js";
import { createRegistryActivities } from "./registry.activities.js";

/** One activity to register: `df.app.activity(entry.name, { handler: entry.handler })`. */
export interface ActivityEntry {
  readonly name: string;
  readonly handler: ActivityHandler<unknown>;
}

/**
 * Every activity the promotion orchestrations call. The deploy and the smoke run are sub-orchestrations
 * registered by their owners (`DeployCommit`: push-deploy; `runJob`: the pipeline), not activities here;
 * the copy run is watched with the pipeline's `GetJobRun` / `CancelJobRun`, registered there too.
 */
export function promotionActivityTable(deps: PromotionActivityDeps): ActivityEntry[] {
  const a = createPromotionActivities(deps);
  const r = createRegistryActivities(deps);
  const c = createCopyActivities(deps);
  return [
    { name: PreflightPromotion.name, handler: implement(PreflightPromotion, a.preflight) },
    { name: AppendLedgerRecord.name, handler: implement(AppendLedgerRecord, a.appendLedger) },
    { name: ReadLedger.name, handler: implement(ReadLedger, a.readLedger) },
    { name: SendPromotionReminder.name, handler: implement(SendPromotionReminder, a.sendReminder) },
    { name: PostReminderComment.name, handler: implement(PostReminderComment, a.commentReminder) },
    { name: SetModelAlias.name, handler: implement(SetModelAlias, r.setAlias) },
    { name: RemoveModelAlias.name, handler: implement(RemoveModelAlias, r.removeAlias) },
    { name: GetModelAlias.name, handler: implement(GetModelAlias, r.getAlias) },
    { name: FindModelCopy.name, handler: implement(FindModelCopy, c.findCopy) },
    { name: SubmitModelCopy.name, handler: implement(SubmitModelCopy, c.submitCopy) },
    { name: ResolveBundleJob.name, handler: implement(ResolveBundleJob, r.resolveJob) },
  ];
}
