/** stop('immediate') is a crash as far as clients can tell: connections drop without a goodbye. */
export type Cluster = {
  url: string;
  port: number;
  start(): void;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): void;
  destroy(): void;
};
export function createCluster(port: number, opts?: { settings?: Record<string, string>; standbyOf?: { port: number } }): Cluster;
