/** A tiny Prometheus registry: counters, histograms and read-on-scrape gauges, rendered in text format 0.0.4. */
export type Labels = Record<string, string | number>;

export type Counter = {
  inc(labels?: Labels, by?: number): void;
  value(labels?: Labels): number;
  /** The series for these labels, resolved once: for hot paths, where building the label key per call shows. */
  with(labels: Labels): { inc(by?: number): void };
};
export type Histogram = {
  observe(value: number, labels?: Labels): void;
  with(labels: Labels): { observe(value: number): void };
};

export type Metrics = {
  /** Registers a counter, or returns the one already registered under that name. */
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets?: readonly number[]): Histogram;
  gauge(name: string, help: string, read: () => number): void;
  render(): string;
};

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

type Series = { labels: Labels; value: number };
type HistogramSeries = { labels: Labels; counts: number[]; sum: number; count: number };
type Family =
  | { type: "counter"; help: string; series: Map<string, Series>; handle: Counter }
  | {
      type: "histogram";
      help: string;
      buckets: readonly number[];
      series: Map<string, HistogramSeries>;
      handle: Histogram;
    }
  | { type: "gauge"; help: string; read: () => number };

export function createMetrics(): Metrics {
  const families = new Map<string, Family>();

  const counter = (name: string, help: string): Counter => {
    const existing = families.get(name);
    if (existing?.type === "counter") return existing.handle;
    if (existing) throw new Error(`metric ${name} is already registered as a ${existing.type}`);
    const series = new Map<string, Series>();
    // A series appears on its first increment, as before, so a scrape never shows labels nothing used.
    const seriesOf = (labels: Labels, key = labelKey(labels)) => {
      let s = series.get(key);
      if (!s) {
        s = { labels, value: 0 };
        series.set(key, s);
      }
      return s;
    };
    const handle: Counter = {
      inc(labels = {}, by = 1) {
        seriesOf(labels).value += by;
      },
      value: (labels = {}) => series.get(labelKey(labels))?.value ?? 0,
      with(labels) {
        const key = labelKey(labels);
        let s: Series | undefined;
        return {
          inc(by = 1) {
            s ??= seriesOf(labels, key);
            s.value += by;
          },
        };
      },
    };
    families.set(name, { type: "counter", help, series, handle });
    return handle;
  };

  const histogram = (name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS): Histogram => {
    const existing = families.get(name);
    if (existing?.type === "histogram") return existing.handle;
    if (existing) throw new Error(`metric ${name} is already registered as a ${existing.type}`);
    const series = new Map<string, HistogramSeries>();
    const seriesOf = (labels: Labels, key = labelKey(labels)) => {
      let s = series.get(key);
      if (!s) {
        s = { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
        series.set(key, s);
      }
      return s;
    };
    const record = (s: HistogramSeries, value: number) => {
      for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]!) s.counts[i]!++;
      s.sum += value;
      s.count++;
    };
    const handle: Histogram = {
      observe(value, labels = {}) {
        record(seriesOf(labels), value);
      },
      with(labels) {
        const key = labelKey(labels);
        let s: HistogramSeries | undefined;
        return {
          observe(value) {
            s ??= seriesOf(labels, key);
            record(s, value);
          },
        };
      },
    };
    families.set(name, { type: "histogram", help, buckets, series, handle });
    return handle;
  };

  const gauge = (name: string, help: string, read: () => number) => {
    families.set(name, { type: "gauge", help, read });
  };

  const render = () => {
    const out: string[] = [];
    for (const [name, f] of families) {
      out.push(
        `# HELP ${name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`,
        `# TYPE ${name} ${f.type}`,
      );
      if (f.type === "counter") {
        if (f.series.size === 0) out.push(`${name} 0`);
        for (const s of f.series.values()) out.push(`${name}${labelText(s.labels)} ${num(s.value)}`);
      } else if (f.type === "gauge") {
        out.push(`${name} ${num(safeRead(f.read))}`);
      } else {
        for (const s of f.series.values()) {
          f.buckets.forEach((b, i) => {
            out.push(`${name}_bucket${labelText({ ...s.labels, le: num(b) })} ${s.counts[i]}`);
          });
          out.push(`${name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.count}`);
          out.push(
            `${name}_sum${labelText(s.labels)} ${num(s.sum)}`,
            `${name}_count${labelText(s.labels)} ${s.count}`,
          );
        }
      }
    }
    return `${out.join("\n")}\n`;
  };

  return { counter, histogram, gauge, render };
}

/** The counters other parts of the service increment; registered up front so a scrape always lists them. */
export function serviceCounters(metrics: Metrics) {
  return {
    sends: metrics.counter("kam_sends_total", "Messages sent to Feishu, by job and outcome."),
    retries: metrics.counter("kam_retries_total", "Feishu API calls retried, by api and reason."),
    faults: metrics.counter("kam_faults_total", "Feishu API calls that failed for good, by api and code."),
    jobRuns: metrics.counter("kam_job_runs_total", "Job runs, by job and outcome."),
  };
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join("\u0001");
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  const esc = (v: string | number) =>
    String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${keys.map((k) => `${k}="${esc(labels[k]!)}"`).join(",")}}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return String(v);
}

function safeRead(read: () => number): number {
  try {
    return read();
  } catch {
    return Number.NaN;
  }
}
