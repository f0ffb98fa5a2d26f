import { isoFromParts } from "../domain/dates.ts";
import type { AccountProfile } from "./demo-accounts.ts";
import { GIVEN_NAMES, LEAD_TITLES, OTHER_TITLES, SURNAMES } from "./names.ts";
import type { Random } from "./prng.ts";
import type { ContactRow } from "./rows.ts";

const MOBILE_PREFIXES = "130 131 135 136 137 138 139 150 152 158 177 186 188 199".split(" ");

/** Names are unique across the book because surveys link to a contact by name. */
function uniqueName(random: Random, taken: Set<string>): { name: string; pinyin: string } {
  for (let attempt = 0; ; attempt++) {
    const [surname, pinyin] = random.pick(SURNAMES);
    // Past a few collisions the lists are running dry: add a second given character, and in a
    // very large book a number, as people do in their own address books.
    const given =
      attempt < 20 ? random.pick(GIVEN_NAMES) : `${random.pick(GIVEN_NAMES)}${random.pick(GIVEN_NAMES)}`;
    const name = attempt < 40 ? `${surname}${given}` : `${surname}${given}${taken.size}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, pinyin };
  }
}

function birthday(random: Random, todayYear: number): string {
  const year = todayYear - random.int(28, 60);
  const month = random.int(1, 12);
  // Day ≤ 28 is valid in every Gregorian and every lunar month, so a 农历 date still reads as ISO.
  return isoFromParts(year, month, random.int(1, 28));
}

export function demoContacts(
  random: Random,
  profiles: readonly AccountProfile[],
  today: string,
): ContactRow[] {
  const taken = new Set<string>();
  const todayYear = Number(today.slice(0, 4));
  const rows: ContactRow[] = [];
  const handles = new Map<string, number>();
  for (const profile of profiles) {
    const big = profile.yearlySpend > 500_000;
    const count = big ? random.int(3, 4) : random.int(2, 3);
    const others = random.shuffle(OTHER_TITLES);
    const domain = `${profile.row.code.toLowerCase()}.example.com`;
    for (let k = 0; k < count; k++) {
      const { name, pinyin } = uniqueName(random, taken);
      const handleCount = (handles.get(`${domain}/${pinyin}`) ?? 0) + 1;
      handles.set(`${domain}/${pinyin}`, handleCount);
      const handle = handleCount === 1 ? pinyin : `${pinyin}${handleCount}`;
      rows.push({
        name,
        account: profile.row.code,
        accountCode: profile.row.code,
        title: k === 0 ? random.pick(LEAD_TITLES) : (others[(k - 1) % others.length] as string),
        phone: `+86${random.pick(MOBILE_PREFIXES)}${String(random.int(0, 99_999_999)).padStart(8, "0")}`,
        email: `${handle}@${domain}`,
        birthday: birthday(random, todayYear),
        birthdayCalendar: random.chance(0.3) ? "农历" : "公历",
        decisionMaker: k === 0 || (k === 1 && big && random.chance(0.5)),
      });
    }
  }
  return rows;
}
