import { demoOrg } from "../sandbox/demo-org.ts";

export type Manager = { open_id: string; name: string; leaderOpenId?: string };

/** The sandbox's demo org (same seed → same people): the account managers and who leads them. */
export function demoManagers(orgSeed = 42, managers = 20, teams = 3): Manager[] {
  return demoOrg(orgSeed, { managers, teams })
    .users.filter((u) => u.job_title?.endsWith("大客户经理"))
    .map((u) => ({ open_id: u.open_id, name: u.name, leaderOpenId: u.leader_user_id }));
}
