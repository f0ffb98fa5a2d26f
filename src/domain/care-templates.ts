import type { CarePolicy } from "./care-policy.ts";
import type { OccasionCode } from "./occasions.ts";
import type { Tier } from "./types.ts";

/**
 * Suggested greetings: plain text (the card builder escapes it), warmer and longer for A accounts,
 * brief for C. Any of them can be replaced from 设置 with `care.template.<occasion>.<tier>`.
 */
export const DEFAULT_TEMPLATES: Readonly<Record<OccasionCode, Record<Tier, string>>> = {
  newyear: {
    A: "{call}您好！新年伊始，感谢您和{company}过去一年的信任与支持，恭祝您元旦快乐、新年万事顺遂！",
    B: "{call}，元旦快乐！感谢{company}一年来的支持，祝新年顺利！",
    C: "{call}，元旦快乐，新年顺利！",
  },
  spring: {
    A: "{call}您好！值此新春佳节，感谢您和{company}一直以来的信任与支持，恭祝您和家人新春快乐、阖家幸福，新的一年万事顺意！",
    B: "{call}，新春快乐！感谢{company}过去一年的支持，祝新年事业兴旺、阖家安康！",
    C: "{call}，新春快乐，万事如意！",
  },
  lantern: {
    A: "{call}您好！元宵佳节，祝您和家人团团圆圆、幸福美满，也感谢{company}一直以来的支持！",
    B: "{call}，元宵节快乐，阖家团圆！",
    C: "{call}，元宵节快乐！",
  },
  labour: {
    A: "{call}您好！劳动节快乐，感谢您和{company}团队的辛勤付出与支持，祝假期愉快！",
    B: "{call}，劳动节快乐，假期愉快！",
    C: "{call}，劳动节快乐！",
  },
  dragonboat: {
    A: "{call}您好！端午安康！感谢{company}一直以来的信任，祝您和家人节日愉快、身体健康！",
    B: "{call}，端午安康，节日愉快！",
    C: "{call}，端午安康！",
  },
  midautumn: {
    A: "{call}您好！中秋佳节，月圆人团圆。感谢您和{company}一直以来的支持，祝您和家人中秋快乐、幸福安康！",
    B: "{call}，中秋快乐！感谢{company}的支持，祝阖家团圆！",
    C: "{call}，中秋快乐，阖家团圆！",
  },
  national: {
    A: "{call}您好！国庆佳节，感谢您和{company}一直以来的信任与支持，祝您假期愉快、阖家欢乐！",
    B: "{call}，国庆快乐，假期愉快！",
    C: "{call}，国庆快乐！",
  },
  birthday: {
    A: "{call}，祝您生日快乐！感谢您一直以来对我们工作的支持，祝您身体健康、工作顺利，新的一岁一切顺心！",
    B: "{call}，生日快乐！祝您身体健康、万事顺意！",
    C: "{call}，生日快乐！",
  },
  anniversary: {
    A: "{call}您好！今天是我们与{company}合作 {years} 周年的日子，感谢一路以来的信任与支持，期待继续携手前行！",
    B: "{call}您好！我们与{company}合作已满 {years} 年，感谢您的支持，期待继续合作！",
    C: "{call}您好！感谢{company}与我们合作 {years} 年，期待继续合作！",
  },
};

export type GreetingVars = {
  name: string;
  title?: string;
  company: string;
  years?: number;
};

const COMPOUND_SURNAMES = new Set(
  "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 夏侯 司徒 端木 独孤 南宫 西门".split(" "),
);
/** Title words people are addressed by, most specific first: 张总 for a 总监, 李经理 for a 采购经理. */
const ADDRESS_WORDS: readonly [RegExp, string][] = [
  [/董事长/, "董"],
  [/总/, "总"],
  [/主任/, "主任"],
  [/部长/, "部长"],
  [/处长/, "处长"],
  [/院长/, "院长"],
  [/经理/, "经理"],
  [/主管/, "主管"],
];

export function surnameOf(name: string): string {
  const n = name.trim();
  return COMPOUND_SURNAMES.has(n.slice(0, 2)) ? n.slice(0, 2) : n.slice(0, 1);
}

/** How the greeting opens: surname and title word (王总), or the full name when the title gives none. */
export function addressOf(name: string, title?: string): string {
  const n = name.trim();
  if (!/^\p{Script=Han}{2,4}$/u.test(n)) return n;
  const word = ADDRESS_WORDS.find(([re]) => re.test(title ?? ""))?.[1];
  return word ? `${surnameOf(n)}${word}` : n;
}

export function templateFor(policy: CarePolicy, occasion: OccasionCode, tier: Tier): string {
  return policy.templates[`${occasion}.${tier}`] ?? DEFAULT_TEMPLATES[occasion][tier];
}

/** Fills the placeholders; unknown ones are left as typed so a typo in 设置 shows up on the card. */
export function fillTemplate(template: string, vars: GreetingVars): string {
  const values: Record<string, string> = {
    name: vars.name.trim(),
    surname: surnameOf(vars.name),
    call: addressOf(vars.name, vars.title),
    title: vars.title?.trim() ?? "",
    company: vars.company.trim(),
    years: vars.years === undefined ? "" : String(vars.years),
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
