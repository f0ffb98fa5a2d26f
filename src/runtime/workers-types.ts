/**
 * The slice of the Workers runtime API this project uses, typed here so the code type-checks with the
 * project's Node types (no @cloudflare/workers-types in the tsconfig). Shapes follow the Workers docs.
 */

export type D1Result<T = Record<string, unknown>> = {
  results: T[];
  success: boolean;
  meta: { changes: number; last_row_id: number; duration?: number };
};

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  /** Runs the statements in one implicit transaction: all or none. */
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

export type QueueSendOptions = { delaySeconds?: number };

export interface Queue<Body> {
  send(body: Body, options?: QueueSendOptions): Promise<void>;
  sendBatch(
    messages: Iterable<{ body: Body; delaySeconds?: number }>,
    options?: QueueSendOptions,
  ): Promise<void>;
}

export interface Message<Body> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  /** 1 on the first delivery. */
  readonly attempts: number;
  ack(): void;
  retry(options?: QueueSendOptions): void;
}

export interface MessageBatch<Body> {
  readonly queue: string;
  readonly messages: readonly Message<Body>[];
  ackAll(): void;
  retryAll(options?: QueueSendOptions): void;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}
