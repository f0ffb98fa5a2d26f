/** Plain-JSON shapes of a Feishu card (JSON 2.0) as our builders emit them. */

export type Locale = "zh_cn" | "en_us";

/** One text in every locale we ship; zh_cn is the default shown when a client's locale is not listed. */
export type L10n = Record<Locale, string>;

export type Tier = "A" | "B" | "C";
export type VisitState = "upcoming" | "due" | "overdue" | "escalate";
export type VisitType = "phone" | "onsite" | "executive" | "online";

export const VISIT_TYPES: readonly VisitType[] = ["phone", "onsite", "executive", "online"];

export type HeaderTemplate =
  | "blue"
  | "wathet"
  | "turquoise"
  | "green"
  | "yellow"
  | "orange"
  | "red"
  | "carmine"
  | "violet"
  | "purple"
  | "indigo"
  | "grey"
  | "default";

export type TextObject = {
  tag: "plain_text" | "markdown" | "lark_md";
  content: string;
  i18n_content?: Partial<Record<Locale, string>>;
};

export type CardElement = { tag: string } & { [key: string]: unknown };

export type CardHeader = {
  title: TextObject;
  subtitle?: TextObject;
  template: HeaderTemplate;
};

export type Card = {
  schema: "2.0";
  config: {
    update_multi: true;
    summary: { content: string; i18n_content?: Partial<Record<Locale, string>> };
    width_mode?: "default" | "compact" | "fill";
  };
  header?: CardHeader;
  body: { elements: CardElement[] };
};

/** Who did what to a row, shown in place of its buttons. `at` is a local date-time, `yyyy-mm-ddThh:mm`. */
export type RowStamp = { by: string; at: string };
