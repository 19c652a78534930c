// The cold-start bench's servers, one pair per page so that each page's bytes
// and requests are counted apart even when pages load side by side:
//   - a static server for the page's production build (every file gzip -9, as a
//     CDN would serve it), with the harness script (harness.mjs) put first in
//     the HTML's <head>;
//   - a proxy in front of the local stack that the page's AWS calls go to.
// Both hold every request `latencyMs` before answering it (the added server
// latency: the stack itself runs as it is), and meter what they send: bytes
// written to the sockets (headers and bodies, as on the wire) and requests.
import { createServer, request as httpRequest } from "node:http";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { gzipSync, constants as zlib } from "node:zlib";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Bytes a server wrote to its sockets, and the requests it answered, since reset(). */
function meter(server) {
  const open = new Map(); // socket → bytesWritten already counted
  let bytes = 0;
  let requests = 0;
  server.on("connection", (socket) => {
    open.set(socket, 0);
    socket.on("close", () => {
      bytes += socket.bytesWritten - open.get(socket);
      open.delete(socket);
    });
  });
  server.on("request", () => requests++);
  return {
    reset() {
      bytes = 0;
      requests = 0;
      for (const socket of open.keys()) open.set(socket, socket.bytesWritten);
    },
    read() {
      let now = bytes;
      for (const [socket, counted] of open) now += socket.bytesWritten - counted;
      return { bytes: now, requests };
    },
  };
}

function listen(server, port) {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok(server.address().port));
  });
}

/** Every file under `dir`, gzipped once: path ("/assets/x.js") → { body, gzip, type }. */
function loadBuild(dir) {
  const files = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        const gzip = gzipSync(body, { level: 9, params: { [zlib.Z_DEFAULT_STRATEGY]: 0 } });
        files.set(`/${relative(dir, path)}`, { body, gzip, type: types[extname(name)] ?? "application/octet-stream" });
      }
    }
  };
  walk(dir);
  return files;
}

/**
 * Starts the page server (serving `dir`, `harness(proxyOrigin)` spliced into
 * index.html) and its proxy to `stackOrigin()` (asked per request: the stack
 * starts after these servers, whose origins it must allow), on `pagePort` and
 * `proxyPort` (0: free ports). Returns their origins, a meter for the pair,
 * and close().
 */
export async function startPage({ dir, harness, stackOrigin, latencyMs, pagePort = 0, proxyPort = 0 }) {
  const files = loadBuild(dir);
  let proxyOrigin = "";

  const page = createServer((req, res) => {
    setTimeout(() => {
      let path = new URL(req.url, "http://x").pathname;
      if (path === "/") path = "/index.html";
      let file = files.get(path);
      if (path === "/index.html" && file) {
        const html = file.body.toString("utf8").replace(/<head>/i, (h) => `${h}<script>${harness(proxyOrigin)}</script>`);
        const body = Buffer.from(html);
        file = { body, gzip: gzipSync(body, { level: 9 }), type: file.type };
      }
      if (!file) return res.writeHead(404, { "Content-Length": 0 }).end();
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      const body = gzip ? file.gzip : file.body;
      res.writeHead(200, {
        "Content-Type": file.type,
        "Content-Length": body.length,
        "Cache-Control": "no-cache",
        ...(gzip ? { "Content-Encoding": "gzip" } : {}),
        Vary: "Accept-Encoding",
      });
      res.end(body);
    }, latencyMs);
  });

  const proxy = createServer((req, res) => {
    // Read the body now, send it on after the delay.
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      setTimeout(() => {
        const stack = new URL(stackOrigin());
        // /__host/<host><path>: a request a page signed for another host (Amplify
        // Storage's S3 host), forwarded with that Host header.
        let { url: path, headers } = req;
        const routed = path.match(/^\/__host\/([^/]+)(\/.*)$/);
        if (routed) {
          path = routed[2];
          headers = { ...headers, host: routed[1] };
        }
        const upstream = httpRequest(
          { host: stack.hostname, port: stack.port, method: req.method, path, headers },
          (reply) => {
            res.writeHead(reply.statusCode, reply.rawHeaders);
            reply.pipe(res);
          },
        );
        upstream.on("error", (e) => {
          if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
          res.end(`proxy: ${e.message}`);
        });
        upstream.end(Buffer.concat(chunks));
      }, latencyMs);
    });
  });

  const pageMeter = meter(page);
  const proxyMeter = meter(proxy);
  const pageOrigin = `http://127.0.0.1:${await listen(page, pagePort)}`;
  proxyOrigin = `http://127.0.0.1:${await listen(proxy, proxyPort)}`;
  return {
    pageOrigin,
    proxyOrigin,
    reset() {
      pageMeter.reset();
      proxyMeter.reset();
    },
    /** What the page's load and its AWS calls cost since reset(). */
    read() {
      const p = pageMeter.read();
      const a = proxyMeter.read();
      return { bytes: p.bytes + a.bytes, requests: p.requests + a.requests, pageRequests: p.requests, apiRequests: a.requests };
    },
    close() {
      page.closeAllConnections();
      proxy.closeAllConnections();
      page.close();
      proxy.close();
    },
  };
}
