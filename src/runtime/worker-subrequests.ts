import type { D1Database, D1PreparedStatement } from "./workers-types.ts";

/**
 * The D1 binding, counting the queries that reach it (a batch is one): with the Feishu client's call count this
 * gives each queue chunk's subrequests, the figure its size is budgeted on.
 */
export function countingD1(db: D1Database): { db: D1Database; queries(): number } {
  let queries = 0;
  const inner = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const wrap = (s: D1PreparedStatement): D1PreparedStatement => {
    const counted: D1PreparedStatement = {
      bind: (...values) => wrap(s.bind(...values)),
      first: () => {
        queries++;
        return s.first();
      },
      all: () => {
        queries++;
        return s.all();
      },
      run: () => {
        queries++;
        return s.run();
      },
    };
    inner.set(counted, s);
    return counted;
  };
  return {
    db: {
      prepare: (sql) => wrap(db.prepare(sql)),
      batch: (statements) => {
        queries++;
        return db.batch(statements.map((s) => inner.get(s) ?? s));
      },
    },
    queries: () => queries,
  };
}
