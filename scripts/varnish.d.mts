export const VCL_PATH: string;
export function findVarnishd(): string;
export function vclFor(backendPort: number, host?: string, text?: string): string;
export type TestVarnish = { url: string; port: number; pid: number | undefined; output(): string; stop(): Promise<void> };
export function startVarnish(opts: {
  port: number;
  backendPort?: number;
  vcl?: string;
  storage?: string;
  params?: string[];
}): Promise<TestVarnish>;
