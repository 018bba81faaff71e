//! The editor's HTTP layer: one loopback socket, a random token every request must carry
//! in its path, a Host check against DNS rebinding, an Origin check on writes, bounded
//! bodies, and a fixed set of routes none of which names a file.

use super::{Call, Reply};
use anyhow::Context as _;
use std::io::Read as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Request bodies larger than this are refused: an edit is a few hundred bytes, a
/// sentence's new text rarely more than a few kilobytes.
pub const MAX_BODY: usize = 256 * 1024;

pub struct Server {
    inner: tiny_http::Server,
    port: u16,
    token: String,
}

impl Server {
    /// Listens on 127.0.0.1 only (`port` 0: a free port).
    pub fn bind(port: u16) -> anyhow::Result<Server> {
        let inner = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}; try another --port")
        })?;
        let port = inner
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .context("the server has no port")?;
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random token: {e}"))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Server { inner, port, token })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{}/", self.port, self.token)
    }

    /// Answers requests one at a time until `stop` is set (Ctrl+C), so a change is never
    /// cut off half-way: the current request is finished first.
    pub fn serve(
        &self,
        stop: &AtomicBool,
        handle: &mut dyn FnMut(Call) -> Reply,
    ) -> anyhow::Result<()> {
        while !stop.load(Ordering::SeqCst) {
            let request = match self.inner.recv_timeout(Duration::from_millis(200)) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e).context("the editor server stopped"),
            };
            let mut request = request;
            let response = match self.admit(&mut request) {
                Ok(call) => respond(handle(call)),
                Err((status, why)) => plain(status, why),
            };
            // A browser that went away is no reason to stop.
            let _ = request.respond(response);
        }
        Ok(())
    }

    /// Checks a request and says what it asks for, or why it is refused.
    fn admit(&self, request: &mut Request) -> Result<Call, (u16, String)> {
        let host = header(request, "Host");
        let allowed = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !host
            .as_deref()
            .is_some_and(|h| allowed.iter().any(|a| a.eq_ignore_ascii_case(h)))
        {
            return Err((403, "refused: this server answers only to 127.0.0.1".into()));
        }
        let url = request.url().to_string();
        let path = url.split(['?', '#']).next().unwrap_or("");
        let rest = path
            .strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .filter(|(token, _)| same_secret(token.as_bytes(), self.token.as_bytes()));
        let Some((_, route)) = rest else {
            return Err((
                403,
                "refused: the address lacks the token `qarin edit` printed".into(),
            ));
        };
        let method = request.method().clone();
        if method == Method::Post {
            // A page of another site may post here blindly; only our own page may.
            if let Some(origin) = header(request, "Origin") {
                let ours = allowed
                    .iter()
                    .any(|a| origin.eq_ignore_ascii_case(&format!("http://{a}")));
                if !ours {
                    return Err((403, "refused: the request comes from another site".into()));
                }
            }
        }
        let route = route.to_string();
        match (method, route.as_str()) {
            (Method::Get, "") => Ok(Call::Page),
            (Method::Post, "api/act") => read_body(request).map(Call::Act),
            (Method::Post, "api/save") => read_body(request).map(|_| Call::Save),
            _ => Err((404, "no such page".into())),
        }
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().trim().to_string())
}

fn read_body(request: &mut Request) -> Result<Vec<u8>, (u16, String)> {
    let too_big = || {
        (
            413,
            format!("refused: the request is larger than {MAX_BODY} bytes"),
        )
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| (400, format!("cannot read the request: {e}")))?;
    if body.len() > MAX_BODY {
        return Err(too_big());
    }
    Ok(body)
}

/// Headers every answer carries: nothing is cached, framed, sniffed or sent on as a
/// referrer (the token is in the address), and the page may talk only to this server.
fn guarded<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    ];
    headers.iter().fold(response, |r, (k, v)| {
        match Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            Ok(h) => r.with_header(h),
            Err(()) => r,
        }
    })
}

fn respond(reply: Reply) -> Response<std::io::Cursor<Vec<u8>>> {
    match reply {
        Reply::Html(page) => guarded(Response::from_string(page), "text/html; charset=utf-8"),
        Reply::Json(value) => guarded(
            Response::from_string(value.to_string()),
            "application/json; charset=utf-8",
        ),
    }
}

fn plain(status: u16, why: String) -> Response<std::io::Cursor<Vec<u8>>> {
    guarded(
        Response::from_string(why + "\n"),
        "text/plain; charset=utf-8",
    )
    .with_status_code(status)
}
