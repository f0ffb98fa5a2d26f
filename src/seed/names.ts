/** Word lists for a believable Chinese B2B book. Regions and industries use the template's option names. */

export type Region = "华东" | "华南" | "华北" | "华中" | "西南" | "西北" | "东北" | "海外";

export type Industry = "制造" | "零售" | "医药" | "能源" | "金融" | "互联网" | "物流" | "教育" | "其他";

export const CITIES: readonly { city: string; region: Region; weight: number }[] = [
  { city: "上海", region: "华东", weight: 6 },
  { city: "苏州", region: "华东", weight: 5 },
  { city: "杭州", region: "华东", weight: 5 },
  { city: "南京", region: "华东", weight: 4 },
  { city: "宁波", region: "华东", weight: 3 },
  { city: "无锡", region: "华东", weight: 3 },
  { city: "合肥", region: "华东", weight: 2 },
  { city: "青岛", region: "华东", weight: 2 },
  { city: "厦门", region: "华东", weight: 2 },
  { city: "深圳", region: "华南", weight: 5 },
  { city: "广州", region: "华南", weight: 4 },
  { city: "东莞", region: "华南", weight: 3 },
  { city: "佛山", region: "华南", weight: 2 },
  { city: "北京", region: "华北", weight: 5 },
  { city: "天津", region: "华北", weight: 3 },
  { city: "石家庄", region: "华北", weight: 1 },
  { city: "武汉", region: "华中", weight: 3 },
  { city: "长沙", region: "华中", weight: 2 },
  { city: "郑州", region: "华中", weight: 2 },
  { city: "成都", region: "西南", weight: 3 },
  { city: "重庆", region: "西南", weight: 3 },
  { city: "昆明", region: "西南", weight: 1 },
  { city: "西安", region: "西北", weight: 2 },
  { city: "兰州", region: "西北", weight: 1 },
  { city: "沈阳", region: "东北", weight: 2 },
  { city: "大连", region: "东北", weight: 2 },
  { city: "哈尔滨", region: "东北", weight: 1 },
  { city: "香港", region: "海外", weight: 1 },
  { city: "新加坡", region: "海外", weight: 1 },
];

/** Brand words: two characters that read like a company's chosen name. */
export const BRAND_WORDS: readonly string[] = (
  "恒瑞 华晟 鼎盛 宏达 瑞丰 金桥 天成 博远 中联 汇通 永信 东方 新泰 盛世 启航 安泰 卓越 联创 佳禾 万邦 " +
  "华信 德润 恒泰 海纳 星河 正元 同创 嘉和 泰和 弘毅 远景 明德 金盛 富源 长城 凯瑞 润达 信达 优品 晶华 " +
  "宝丰 聚力 腾飞 鸿运 乾元 和光 诚泰 锦程 云帆 骏业"
).split(" ");

export const INDUSTRY_PHRASES: Readonly<Record<Industry, readonly string[]>> = {
  制造: ["精密制造", "机械设备", "电子科技", "汽车零部件", "新材料", "智能装备", "模具"],
  零售: ["商贸", "连锁超市", "百货", "电子商务"],
  医药: ["医药", "生物科技", "医疗器械", "药业"],
  能源: ["新能源", "电力工程", "石油化工", "光伏科技"],
  金融: ["融资租赁", "投资管理", "保险代理"],
  互联网: ["网络科技", "信息技术", "软件", "数据科技"],
  物流: ["物流", "供应链管理", "国际货运", "仓储"],
  教育: ["教育科技", "职业培训", "文化传播"],
  其他: ["建筑工程", "食品", "农业发展", "环保科技", "酒店管理"],
};

export const INDUSTRY_WEIGHTS: Readonly<Record<Industry, number>> = {
  制造: 30,
  零售: 14,
  医药: 10,
  能源: 8,
  金融: 5,
  互联网: 10,
  物流: 10,
  教育: 4,
  其他: 9,
};

export const COMPANY_SUFFIXES: readonly string[] = ["有限公司", "有限公司", "股份有限公司", "集团有限公司"];

/** Surname and its pinyin, so demo emails read like real ones. */
export const SURNAMES: readonly (readonly [string, string])[] = (
  "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu " +
  "郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao " +
  "彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du 叶ye 程cheng 苏su " +
  "魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang 范fan 金jin 欧阳ouyang"
)
  .split(" ")
  .map((s) => {
    const at = s.search(/[a-z]/);
    return [s.slice(0, at), s.slice(at)] as const;
  });

export const GIVEN_NAMES: readonly string[] = (
  "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀英 华 平 刚 桂英 建华 文 斌 辉 鹏 宇 浩 " +
  "晨 欣怡 子涵 思远 嘉怡 志强 海燕 建国 晓东 雪 婷 丹 琳 玉兰 春梅 国强 永刚 立新 俊杰 晓明 " +
  "梦洁 雅琴 红霞 子豪 一鸣 天佑 佳琪 慧敏 文博 若曦 振华 秀兰 凤英"
).split(" ");

/** The first title of each account is its decision maker. */
export const LEAD_TITLES: readonly string[] = ["总经理", "采购总监", "副总经理", "供应链总监", "董事长"];

export const OTHER_TITLES: readonly string[] = [
  "采购经理",
  "财务经理",
  "技术总监",
  "运营经理",
  "采购专员",
  "品质经理",
  "行政主管",
  "项目经理",
];
