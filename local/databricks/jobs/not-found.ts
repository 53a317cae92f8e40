import { notFound } from "../http.js";

/** The Jobs API echoes the id in its not-found messages; our client's error override matches on them. */
export const jobNotFound = (jobId: string): Error => notFound(`Job ${jobId} does not exist.`);
export const runNotFound = (runId: string): Error => notFound(`Run ${runId} does not exist.`);
