/**
 * A small round-robin HTTP load balancer (node:http only) for `npm run cluster` and the cluster e2e test.
 * Each request goes to the next instance; server-sent events and uploads are streamed both ways. It plays
 * the trusted proxy in front of the app: `X-Real-IP` is set to the client's address (the app reads it with
 * TRUSTED_IP_HEADERS=x-real-ip), unless `passClientIp` keeps one the client sent (tests acting from several
 * addresses). `X-Served-By` on every answer names the instance (0-based index); with `allowPin`, a request
 * carrying `X-Pin-Instance: <index>` goes to that instance (tests: "a reader connected to instance B").
 */
import http from 'node:http';

/**
 * @param {{ targets: string[], port: number, host?: string, passClientIp?: boolean, allowPin?: boolean }} opts
 * @returns {Promise<{ url: string, server: http.Server, served: number[], close(): Promise<void> }>}
 */
export async function startBalancer({ targets, port, host = '127.0.0.1', passClientIp = false, allowPin = false }) {
  const upstreams = targets.map((t) => new URL(t));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const served = targets.map(() => 0);
  let next = 0;

  const server = http.createServer((req, res) => {
    const pin = allowPin ? Number(req.headers['x-pin-instance']) : NaN;
    const index = Number.isInteger(pin) && pin >= 0 && pin < upstreams.length ? pin : next++ % upstreams.length;
    const target = upstreams[index];
    served[index]++;
    const headers = { ...req.headers };
    delete headers['x-pin-instance'];
    if (!passClientIp || !headers['x-real-ip']) headers['x-real-ip'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = 'http';
    const upstream = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-served-by': String(index) });
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-served-by': String(index) });
      res.end('Bad gateway');
    });
    // A reader who leaves (an event stream closed) ends the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  return {
    url: `http://${host}:${port}`,
    server,
    served,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      agent.destroy();
    },
  };
}
