import { digestJob } from "./digest.ts";
import { greetingsJob } from "./greetings.ts";
import { housekeepingJob } from "./housekeeping.ts";
import type { Job } from "./job.ts";
import { remindersJob } from "./reminders.ts";
import { surveysJob } from "./surveys.ts";
import { syncJob } from "./sync/sync-job.ts";

/** Every scheduled job the service runs; each issue that adds a job registers it here. */
export const allJobs: Job[] = [syncJob, remindersJob, digestJob, greetingsJob, surveysJob, housekeepingJob];
