export type TestRedis = {
  port: number;
  url: string;
  output(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
};
export function freePort(): Promise<number>;
export function startRedis(port?: number): Promise<TestRedis>;
