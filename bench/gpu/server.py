"""Serves the built app (SPA: /speed -> speed.html, unknown -> 200.html) and the model library under /lib/<name>;
POST /result and /log land in OUTDIR. Every GET path is counted into OUTDIR/requests.json, so the run can show
that nothing under the synthetic model's URL was requested. POST /baseline keeps the batch phase's one-at-a-time
answers in STATEDIR (it outlives the device call while the machine stays warm) and GET /baseline.json serves them
to the next call. usage: server.py PORT APPDIR LIBDIR OUTDIR [STATEDIR]"""
import http.server, json, os, sys, threading
port, app, libdir, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
statedir = sys.argv[5] if len(sys.argv) > 5 else outdir
counts, lock = {}, threading.Lock()
class H(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json"}
    def translate_path(self, path):
        p = path.split("?")[0].split("#")[0]
        if p.startswith("/lib/"): return os.path.join(libdir, os.path.basename(p))
        if p.startswith("/__speed-synthetic__/"): return "/nonexistent"  # synthetic weights live only in IndexedDB
        if p == "/baseline.json": return os.path.join(statedir, "baseline.json")
        f = os.path.join(app, p.lstrip("/"))
        if p.endswith("/"): f = os.path.join(f, "index.html")
        if os.path.isfile(f): return f
        if os.path.isfile(f + ".html"): return f + ".html"
        return os.path.join(app, "200.html")
    def do_GET(self):
        with lock:
            p = self.path.split("?")[0]; counts[p] = counts.get(p, 0) + 1
            json.dump(counts, open(os.path.join(outdir, "requests.json"), "w"), indent=0)
        super().do_GET()
    def end_headers(self):
        self.send_header("cache-control", "no-store"); super().end_headers()
    def log_message(self, *a): pass
    def do_POST(self):
        b = self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path.startswith("/baseline"):
            for d in {statedir, outdir}:
                with open(os.path.join(d, "baseline.json"), "wb") as f: f.write(b)
            self.send_response(200); self.end_headers(); return
        name = "result.json" if self.path.startswith("/result") else "log.txt"
        with open(os.path.join(outdir, name), "ab") as f: f.write(b + b"\n")
        print(b.decode(errors="replace")[:3000], flush=True)
        self.send_response(200); self.end_headers()
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
