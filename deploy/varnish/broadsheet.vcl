vcl 4.1;
# Broadsheet behind Varnish 7 with vmod xkey (Debian: `apt-get install varnish varnish-modules`).
# docs/edge.md explains each rule; run the app with EDGE_PURGE=varnish EDGE_PURGE_URL=http://<varnish>/ so
# that every write purges, by tag, exactly the pages it changed, within the second.
#
# - Public pages are kept as long as the app says in Surrogate-Control (a day with a purge configured),
#   keyed on the URL and the `rsc` request header (HTML and React Server Components payloads of one URL
#   differ), whatever the reader's cookies: their bytes are the same for everyone.
# - Never stored: an answer that is private, no-store or no-cache, or that sets a cookie.
# - Never looked up: per-reader paths (/account, /admin, /api, sign-in, pledges, search…), every method but
#   GET and HEAD (server actions POST to page URLs), a draft preview.
# - /api/comments/stream (server-sent events) goes straight through, unbuffered (pipe).
# - PURGE (by `xkey-purge: <key> <key>…`, or of one URL without it) only from the `purgers` ACL.
import std;
import xkey;

# The app (next start). Several instances: one backend each, and a directors round-robin.
backend broadsheet {
    .host = "127.0.0.1";
    .port = "3000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 60s;
}

# Who may purge: the app instances. Add their addresses when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged + " objects"));
        }
        return (purge);
    }
    # A liveness probe of this Varnish itself (not of the app).
    if (req.url == "/.varnish/ready") {
        return (synth(200, "Ready"));
    }
    # Live comments: server-sent events, never cached, never buffered.
    if (req.url ~ "^/api/comments/stream(\?|$)") {
        return (pipe);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.next-action) {
        return (pass);
    }
    # Per reader: the answer depends on who asks.
    if (req.url ~ "^/(account|admin|api|signin|signup|pledges|support|search|unsubscribe)(/|\?|$)") {
        return (pass);
    }
    # A draft preview (Next's draft mode cookie) renders unpublished text for its editor only.
    if (req.http.Cookie ~ "(^|;\s*)__prerender_bypass=" || req.http.Authorization) {
        return (pass);
    }
    # Public pages are the same bytes for every reader, signed in or not: cookies are not part of the key
    # (the builtin VCL would pass every request that has one). The answer still decides whether it is kept.
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # HTML and the RSC payload of the same URL are different answers (Next also sends Vary: rsc, …).
    if (req.http.rsc) {
        hash_data("rsc:" + req.http.rsc);
    }
    return (lookup);
}

sub vcl_pass {
    set req.http.x-edge-pass = "1";
}

sub vcl_pipe {
    # One piped request per connection: the next request of that client goes through vcl_recv again.
    set bereq.http.connection = "close";
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" || beresp.http.Surrogate-Control ~ "(?i)no-store") {
        # Not stored; for two minutes requests for it go straight to the app (hit-for-miss), not queued.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The edge lifetime the app gives when it purges (docs/edge.md): overrides Cache-Control's s-maxage here.
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 60s);
        if (beresp.http.Surrogate-Control ~ "stale-while-revalidate=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s);
        }
    }
    # Nothing to keep (max-age=0, as Next answers for files in public/) or a Vary that matches nothing again:
    # not stored, never served stale (the builtin VCL's rule, which returning deliver above skips).
    if (beresp.ttl <= 0s || beresp.http.Vary == "*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The page's tags (keys) for xkey.purge.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    return (deliver);
}

sub vcl_deliver {
    if (req.http.x-edge-pass) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # For this cache only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
    unset resp.http.Cache-Tag;
}

sub vcl_synth {
    # Purge answers and the readiness probe: plain text.
    if (resp.status == 200 || resp.status == 403) {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}
