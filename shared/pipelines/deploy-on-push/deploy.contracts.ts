/** Orchestration the GitHub webhook starts per delivery; stored in history, so never rename it (add a V2). */
export const DEPLOY_ON_PUSH = "DeployOnPush";
