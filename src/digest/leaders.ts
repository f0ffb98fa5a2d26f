/** How far up a reporting line we look; a loop in the contact data must not hang the digest. */
const MAX_LEVELS = 20;

/**
 * Leaders and their teams: a leader is anyone who is the `leader_user_id` of an account owner, or of such
 * a leader (transitively); a leader's team is every owner reporting to them directly or through others.
 * Sorted by leader id, members in `owners` order, so runs are reproducible.
 */
export function leaderTeams(
  owners: readonly string[],
  leaderOf: (openId: string) => string | undefined,
): Map<string, string[]> {
  const teams = new Map<string, string[]>();
  for (const owner of new Set(owners)) {
    const seen = new Set([owner]);
    let leader = leaderOf(owner);
    for (let level = 0; leader && !seen.has(leader) && level < MAX_LEVELS; level++) {
      seen.add(leader);
      const team = teams.get(leader);
      if (team) team.push(owner);
      else teams.set(leader, [owner]);
      leader = leaderOf(leader);
    }
  }
  return new Map([...teams].sort(([a], [b]) => a.localeCompare(b)));
}
