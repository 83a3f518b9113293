//! The HTTP/1.1 server plumbing under `tok serve` and `tok gateway`: hyper on a tokio
//! runtime, so one slow or hostile client costs one task, never the others. Every limit lives
//! here so each handler gets them without asking: bounded bodies (413 before reading), header,
//! body and idle timeouts, graceful Ctrl-C / SIGTERM, and one escaped log line a request.

use crate::error::{Error, Result};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH};
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// A request body larger than this is refused with 413: every form or JSON a handler takes is
/// far smaller, and a declared terabyte must cost nothing.
pub const MAX_BODY: usize = 64 * 1024;
/// The whole request head must arrive within this; it also bounds an idle keep-alive
/// connection (hyper starts the same clock while it waits for the next request).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole body must arrive within this once the head is in (408 otherwise).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long Ctrl-C waits for requests in flight before the process exits anyway.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// A request with its body read in full (at most [`MAX_BODY`] bytes).
pub struct Request {
    pub method: Method,
    /// Path and query as sent.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The connection itself, once a 101 answer is sent, when the request asks for an
    /// `Upgrade` (the gateway's WebSocket relay).
    pub upgrade: Option<hyper::upgrade::OnUpgrade>,
    /// The client's address, as the connection gives it (the gateway's `X-Forwarded-For` and
    /// `$context.identity.sourceIp`).
    pub client: SocketAddr,
    /// The server's stop, for work that outlives the request (a WebSocket relay).
    pub stop: Stop,
}

/// Ctrl-C / SIGTERM as seen by work that outlives its request: the connection's own drain
/// cannot reach it once the connection is upgraded. The server's drain waits (up to its
/// timeout) until every copy is dropped, so holding one is what keeps such work tracked.
#[derive(Clone)]
pub struct Stop(tokio::sync::watch::Receiver<bool>);

impl Stop {
    /// Resolves once the server is stopping (or gone).
    pub async fn stopping(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }

    /// A stop whose server is already gone, for requests built outside a server (unit tests).
    #[cfg(test)]
    pub fn gone() -> Stop {
        Stop(tokio::sync::watch::channel(false).1)
    }
}

impl Request {
    /// A header as text; None when absent or not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
    /// `key=value` pairs appended to the request's log line (escaped there, never secrets).
    pub log: Vec<(&'static str, String)>,
    /// Headers passed on from elsewhere (the gateway's upstream), after `headers`.
    pub passed_on: HeaderMap,
}

impl Response {
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: Bytes::from(body.to_string()),
            log: Vec::new(),
            passed_on: HeaderMap::new(),
        }
    }
}

/// What a server answers with; called once a request, its body already read and bounded.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> impl Future<Output = Response> + Send;

    /// The largest request body this handler takes (413 beyond it).
    fn max_body(&self) -> usize {
        MAX_BODY
    }

    /// The largest request line + headers this handler takes (431 beyond it); unbounded here
    /// means hyper's own limit only.
    fn max_head(&self) -> usize {
        usize::MAX
    }

    /// The answer to a request refused before `handle`: `status` 408 (the body was too slow),
    /// 413 (over `max_body`), 431 (over `max_head`) or 400 (a malformed body). tok serve keeps
    /// its OAuth error shape; the gateway answers as API Gateway does.
    fn refusal(&self, status: u16) -> Response {
        // RFC 6749's error shape (`invalid_request`).
        let text = match status {
            408 => "the request body did not arrive in time".to_string(),
            413 => format!("the request body is over the {} KiB limit", self.max_body() / 1024),
            431 => "the request head is too large".to_string(),
            _ => "the request body is malformed".to_string(),
        };
        Response::json(status, &serde_json::json!({"error": "invalid_request", "error_description": text}))
    }
}

/// Bind before the runtime starts, so a bad `--addr` is a plain error and the caller can print
/// the bound address (port 0 resolved) before serving.
pub fn bind(addr: &str) -> Result<(TcpListener, SocketAddr)> {
    let listener =
        TcpListener::bind(addr).map_err(|e| Error::local(format!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr().map_err(|e| Error::local(format!("cannot listen on {addr}: {e}")))?;
    Ok((listener, local))
}

/// Serve until Ctrl-C or SIGTERM, then let requests in flight finish (up to a few seconds).
/// `ready` runs once the signal handlers are in place (so a Ctrl-C right after it still stops
/// cleanly); `name` prefixes the server's own log lines ("tok serve: stopped").
pub fn run<H: Handler>(listener: TcpListener, handler: H, name: &str, ready: impl FnOnce()) -> Result<()> {
    // Connections on every core: one current-thread runtime a core, each on its own thread
    // accepting from its own copy of the listener (the kernel hands each connection to one of
    // them), and CPU work (signing) on each runtime's blocking pool (`cpu`). Not tokio's
    // multi-thread scheduler: it needs libm (`pow`), and loading one more shared library cost
    // every tok process, `tok verify` included, ~5% of its start-up.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let handler = Arc::new(handler);
    let runtime = new_runtime(cores)?;
    let signal = runtime.block_on(async { shutdown_signal() })?;
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let mut others = Vec::with_capacity(cores - 1);
    for i in 1..cores {
        let listener =
            listener.try_clone().map_err(|e| Error::local(format!("cannot set up the listener: {e}")))?;
        let (handler, mut stopped, name_owned) = (Arc::clone(&handler), stopped.clone(), name.to_string());
        // Built here, run there: a runtime that cannot start is an error before serving.
        let runtime = new_runtime(cores)?;
        let thread = std::thread::Builder::new()
            .name(format!("{name} {i}"))
            .spawn(move || {
                let stop = async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                };
                let result = runtime.block_on(accept_loop(listener, handler, &name_owned, stop));
                runtime.shutdown_timeout(Duration::from_millis(100));
                result
            })
            .map_err(|e| Error::local(format!("cannot start a server thread: {e}")))?;
        others.push(thread);
    }
    ready();
    // The signals arrive on this thread's runtime; it tells the others (as does its loop
    // ending for any other reason: the sender is dropped with it).
    let stop = async move {
        signal.await;
        let _ = stopping.send(true);
    };
    let result = runtime.block_on(accept_loop(listener, handler, name, stop));
    for thread in others {
        if let Ok(Err(e)) = thread.join() {
            eprintln!("{name}: {e}");
        }
    }
    // A connection still stuck after the drain must not hold the process open.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result?;
    eprintln!("{name}: stopped");
    Ok(())
}

fn new_runtime(cores: usize) -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(cores)
        .build()
        .map_err(|e| Error::local(format!("cannot start the server runtime: {e}")))
}

async fn accept_loop<H: Handler>(
    listener: TcpListener,
    handler: Arc<H>,
    name: &str,
    stop: impl Future<Output = ()>,
) -> Result<()> {
    listener.set_nonblocking(true).map_err(|e| Error::local(format!("cannot set up the listener: {e}")))?;
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|e| Error::local(format!("cannot set up the listener: {e}")))?;
    tokio::pin!(stop);
    // Not hyper-util's GracefulShutdown: it cannot watch a connection that may be upgraded.
    let (stopping, stop_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning or dying.
                    eprintln!("{name}: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            // Finished connections are reaped as they end, so the set holds live ones only.
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let handler = Arc::clone(&handler);
        let stop = Stop(stop_rx.clone());
        let service = hyper::service::service_fn(move |request| {
            let (handler, stop) = (Arc::clone(&handler), stop.clone());
            async move { Ok::<_, std::convert::Infallible>(respond(&*handler, request, client, stop).await) }
        });
        let conn = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
        let mut stop_rx = stop_rx.clone();
        connections.spawn(async move {
            tokio::pin!(conn);
            // Errors here are the client's (reset, timeout, bad head): nothing to report.
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop_rx.changed() => {
                    // Finish the request in hand, then close.
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    drop(stop_rx);
    let _ = stopping.send(true);
    // Every connection and every relay holds a receiver: all dropped means all done. (The
    // JoinSet alone would miss the relays, which run on after their connection is upgraded.)
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while connections.join_next().await.is_some() {}
        stopping.closed().await;
    })
    .await;
    Ok(())
}

/// Run CPU-bound work (an RSA signature) off the connection thread, so one request's
/// signing never delays another connection's I/O, and requests sign on every core.
pub async fn cpu<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        // With panic=abort a panic never gets here; unwinding builds re-raise it as is.
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Resolves on the first Ctrl-C or SIGTERM; the handlers are installed before this returns.
fn shutdown_signal() -> Result<impl Future<Output = ()>> {
    let err = |e: std::io::Error| Error::local(format!("cannot install the Ctrl-C handler: {e}"));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt()).map_err(err)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(err)?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn respond<H: Handler>(
    handler: &H,
    mut request: hyper::Request<Incoming>,
    client: SocketAddr,
    stop: Stop,
) -> hyper::Response<Full<Bytes>> {
    let upgrade =
        request.headers().contains_key(hyper::header::UPGRADE).then(|| hyper::upgrade::on(&mut request));
    let (parts, body) = request.into_parts();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
    // The log line's path, read from the Uri kept for it (no copy).
    let path = parts.uri.path_and_query().map_or("/", |p| p.path());
    let method = parts.method.clone();
    let head = head_size(&method, &target, &parts.headers);
    let body = if head > handler.max_head() {
        Err(431)
    } else {
        read_body(&parts.headers, body, handler.max_body()).await
    };
    let response = match body {
        Ok(body) => {
            let request =
                Request { method: parts.method, target, headers: parts.headers, body, upgrade, client, stop };
            handler.handle(request).await
        }
        Err(status) => handler.refusal(status),
    };
    log_line(method.as_str(), path, &response);
    let unread_body = matches!(response.status, 408 | 413 | 431);
    let Ok(status) = StatusCode::from_u16(response.status) else {
        let mut fallback = hyper::Response::new(Full::new(Bytes::new()));
        *fallback.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return fallback;
    };
    // Headers moved into the answer, not copied: the handler's own first, then those passed
    // on, each name's values in the order they came.
    let mut headers = HeaderMap::with_capacity(response.headers.len() + response.passed_on.len() + 1);
    for (name, value) in response.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::try_from(value))
        {
            headers.append(name, value);
        }
    }
    let mut last = None;
    for (name, value) in response.passed_on {
        // A name comes once, with its first value; None means the same name again.
        if name.is_some() {
            last = name;
        }
        if let Some(name) = &last {
            headers.append(name, value);
        }
    }
    if unread_body {
        // The rest of the body is still on the wire: the connection cannot carry another request.
        headers.append(CONNECTION, HeaderValue::from_static("close"));
    }
    let mut answer = hyper::Response::new(Full::new(response.body));
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    answer
}

/// The request line and headers as they came on the wire (`METHOD TARGET HTTP/1.1`, then
/// `name: value` lines, each with its CRLF): what a quota on the head counts.
fn head_size(method: &Method, target: &str, headers: &HeaderMap) -> usize {
    let line = method.as_str().len() + 1 + target.len() + " HTTP/1.1\r\n".len();
    line + headers.iter().map(|(name, value)| name.as_str().len() + 2 + value.len() + 2).sum::<usize>()
}

/// The body, or the status of the refusal to send instead: 413 when declared or found too
/// large (a declared size is refused before a byte of it is read), 408 when it does not arrive
/// in time, 400 when it is malformed.
async fn read_body(headers: &HeaderMap, body: Incoming, max: usize) -> std::result::Result<Bytes, u16> {
    let declared =
        headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(413);
    }
    // A chunked body declares nothing: the cap is checked as it streams in.
    match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, max).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(413),
        Ok(Err(_)) => Err(400),
        Err(_) => Err(408),
    }
}

/// `METHOD PATH STATUS key=value…`, one line whatever the request held.
fn log_line(method: &str, path: &str, response: &Response) {
    use crate::output::escape;
    let mut line = format!("{} {} {}", escape(method), escape(path), response.status);
    for (key, value) in &response.log {
        line.push_str(&format!(" {key}={}", escape(value)));
    }
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use crate::output::escape;

    #[test]
    fn escape_makes_one_inert_line() {
        assert_eq!(escape("m2m+app"), "m2m+app");
        assert_eq!(escape("a\nGET / 200\x1b[31m\\n"), "a\\nGET / 200\\x1b[31m\\\\n");
        assert_eq!(escape("\u{202e}x\u{7f}\u{85}"), "\\u{202e}x\\x7f\\x85");
    }
}
