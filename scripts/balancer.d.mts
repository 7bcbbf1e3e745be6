import type http from 'node:http';
export function startBalancer(opts: {
  targets: string[];
  port: number;
  host?: string;
  passClientIp?: boolean;
  allowPin?: boolean;
}): Promise<{ url: string; server: http.Server; served: number[]; close(): Promise<void> }>;
