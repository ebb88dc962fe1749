"""A Hugging Face-like host for the GPU conversion check, plus the built app, on one origin.

  GET  /api/models/<repo>/revision/<rev>   the Hub's listing: {"sha", "siblings": [{"rfilename", "size"}]}
  GET  /<repo>/resolve/<rev>/<file>        the file, with single-range Range support (206 + Content-Range)
  GET  /lib/<name>                         a model library from LIBDIR
  GET  anything else                       the built app (SPA fallback to 200.html)
  POST /result, /log                       appended to OUTDIR/result.json, OUTDIR/log.txt
  PUT  /upload/<name>                      stored under UPLOADDIR (the converted MLC folder, read back for compare.py)

Python's http.server has no Range support of its own; this one serves files in 8 MiB pieces so a 5 GB shard never
sits in memory. usage: hf_server.py PORT APPDIR LIBDIR OUTDIR REPODIR UPLOADDIR [REPO]
"""
import http.server, json, os, re, sys, threading

port, app, libdir, outdir, repodir, uploaddir = int(sys.argv[1]), *sys.argv[2:7]
repo = sys.argv[7] if len(sys.argv) > 7 else "bench/Mistral-7B-shape"
COMMIT = "0" * 39 + "1"
lock = threading.Lock()
stats = {"bytes": 0, "requests": 0}
TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
         ".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml", ".jsonl": "application/x-ndjson"}


def listing():
    files = sorted(f for f in os.listdir(repodir) if os.path.isfile(os.path.join(repodir, f)))
    return {"id": repo, "sha": COMMIT, "siblings": [{"rfilename": f, "size": os.path.getsize(os.path.join(repodir, f))} for f in files]}


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send_file(self, path, head_only=False):
        size = os.path.getsize(path)
        rng = self.headers.get("range")
        start, end, status = 0, size - 1, 200
        if rng:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
            if not m or int(m.group(1)) >= size:
                self.send_response(416); self.send_header("content-range", f"bytes */{size}"); self.send_header("content-length", "0"); self.end_headers(); return
            start = int(m.group(1)); end = min(int(m.group(2)) if m.group(2) else size - 1, size - 1); status = 206
        self.send_response(status)
        self.send_header("content-type", TYPES.get(os.path.splitext(path)[1], "application/octet-stream"))
        self.send_header("accept-ranges", "bytes")
        self.send_header("content-length", str(end - start + 1))
        if status == 206: self.send_header("content-range", f"bytes {start}-{end}/{size}")
        self.send_header("cache-control", "no-store")
        self.end_headers()
        if head_only: return
        with open(path, "rb") as f:
            f.seek(start); left = end - start + 1
            while left > 0:
                b = f.read(min(left, 8 << 20))
                if not b: break
                self.wfile.write(b); left -= len(b)
        with lock:
            stats["bytes"] += end - start + 1; stats["requests"] += 1

    def route(self):
        p = self.path.split("?")[0]
        if p.startswith(f"/api/models/{repo}/revision/"):
            body = json.dumps(listing()).encode()
            self.send_response(200); self.send_header("content-type", "application/json"); self.send_header("content-length", str(len(body))); self.end_headers()
            return self.wfile.write(body)
        m = re.fullmatch(rf"/{re.escape(repo)}/resolve/[^/]+/(.+)", p)
        if m:
            f = os.path.join(repodir, os.path.basename(m.group(1)))
            if not os.path.isfile(f):
                self.send_response(404); self.send_header("content-length", "0"); self.end_headers(); return
            return self.send_file(f, self.command == "HEAD")
        if p.startswith("/lib/"): return self.send_file(os.path.join(libdir, os.path.basename(p)), self.command == "HEAD")
        if p == "/source-stats": 
            body = json.dumps(stats).encode()
            self.send_response(200); self.send_header("content-length", str(len(body))); self.end_headers(); return self.wfile.write(body)
        f = os.path.join(app, p.lstrip("/"))
        if p.endswith("/"): f = os.path.join(f, "index.html")
        for c in (f, f + ".html"):
            if os.path.isfile(c): return self.send_file(c, self.command == "HEAD")
        return self.send_file(os.path.join(app, "200.html"), self.command == "HEAD")

    def do_GET(self): self.route()
    def do_HEAD(self): self.route()

    def do_POST(self):
        b = self.rfile.read(int(self.headers.get("content-length", 0)))
        name = "result.json" if self.path.startswith("/result") else "log.txt"
        with lock, open(os.path.join(outdir, name), "ab") as f: f.write(b + b"\n")
        print(b.decode(errors="replace")[:2000], flush=True)
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()

    def do_PUT(self):
        name = os.path.basename(self.path.split("?")[0])
        n = int(self.headers.get("content-length", 0))
        with open(os.path.join(uploaddir, name), "wb") as f:
            while n > 0:
                b = self.rfile.read(min(n, 8 << 20))
                if not b: break
                f.write(b); n -= len(b)
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()


os.makedirs(uploaddir, exist_ok=True)
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
