import type { Job } from "./job.ts";

/** Every scheduled job the service runs; each issue that adds a job registers it here. */
export const allJobs: Job[] = [];
