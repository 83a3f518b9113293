//! `tok gateway --websocket` after both 101s: messages relayed between the client and the
//! upstream with the per-connection limits API Gateway's WebSocket APIs apply (AWS quotas page:
//! frame 32 KB, message 128 KB, idle 10 minutes, connection 2 hours; "if a larger message (or
//! larger frame size) is received, the connection is closed with code 1009").
//!
//! The framing is tungstenite's (server role toward the client, client role toward the
//! upstream): it reassembles fragments, enforces the size limits while reading and answers
//! pings, so tok holds no framing code of its own.

use futures_util::{SinkExt, StreamExt};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

/// API Gateway's WebSocket frame size quota ("32 KB"; read as KiB, UNCONFIRMED which).
pub const MAX_FRAME: usize = 32 * 1024;
/// API Gateway's message payload quota ("128 KB"; read as KiB, UNCONFIRMED which).
pub const MAX_MESSAGE: usize = 128 * 1024;
/// The largest upstream message read at all: beyond it the upstream is broken, not just over
/// the quota (the HTTP API payload quota, so memory stays bounded).
const MAX_UPSTREAM_MESSAGE: usize = crate::gateway::MAX_PAYLOAD;
/// How long a side gets to answer our close frame before its connection is dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// The per-connection timers (`--ws-idle-timeout`, `--ws-max-duration`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub idle: Duration,
    pub max_duration: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { idle: Duration::from_secs(600), max_duration: Duration::from_secs(7200) }
    }
}

type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

#[derive(Clone, Copy)]
enum By {
    Client,
    Upstream,
    Gateway,
}

/// How a connection ended: who closed it, the close code sent on (none when a side vanished)
/// and why, in words for the log line.
struct End {
    by: By,
    code: Option<u16>,
    reason: String,
}

/// Once both sides have switched protocols, relay messages until either closes or a limit
/// ends the connection or the gateway stops (`stop`, held until the log line is written so
/// the server's drain waits for it); one log line when it ends. `path` is logged (never the
/// query, which may hold the token).
pub fn relay(
    client: hyper::upgrade::OnUpgrade,
    upstream: hyper::upgrade::OnUpgrade,
    path: String,
    limits: Limits,
    mut stop: crate::server::Stop,
) {
    tokio::spawn(async move {
        let (Ok(client), Ok(upstream)) = tokio::join!(client, upstream) else { return };
        let client_config =
            WebSocketConfig::default().max_frame_size(Some(MAX_FRAME)).max_message_size(Some(MAX_MESSAGE));
        let upstream_config = WebSocketConfig::default()
            .max_frame_size(Some(MAX_UPSTREAM_MESSAGE))
            .max_message_size(Some(MAX_UPSTREAM_MESSAGE));
        let mut client =
            WebSocketStream::from_raw_socket(TokioIo::new(client), Role::Server, Some(client_config)).await;
        let mut upstream =
            WebSocketStream::from_raw_socket(TokioIo::new(upstream), Role::Client, Some(upstream_config))
                .await;
        let started = Instant::now();
        let mut counts = Counts::default();
        let end = run(&mut client, &mut upstream, limits, started, &mut counts, &mut stop).await;
        log(&path, &end, started.elapsed(), &counts);
        drop(stop);
    });
}

#[derive(Default)]
struct Counts {
    /// Text and binary messages relayed, both ways.
    messages: u64,
    /// Upstream messages over the quota, not delivered.
    dropped: u64,
}

async fn run(
    client: &mut Socket,
    upstream: &mut Socket,
    limits: Limits,
    started: Instant,
    counts: &mut Counts,
    stop: &mut crate::server::Stop,
) -> End {
    let deadline = tokio::time::sleep(limits.max_duration);
    let idle = tokio::time::sleep(limits.idle);
    tokio::pin!(deadline, idle);
    loop {
        tokio::select! {
            message = client.next() => match message {
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.as_ref().map(|f| u16::from(f.code));
                    // tungstenite has queued the client's echo; the upstream gets the same
                    // code and reason, and its own echo ends it.
                    close_after(upstream, frame).await;
                    let _ = client.flush().await;
                    finish(client).await;
                    return End { by: By::Client, code, reason: "the client closed".into() };
                }
                Some(Ok(message)) => {
                    if is_data(&message) {
                        counts.messages += 1;
                        // UNCONFIRMED which traffic AWS counts as activity: data messages here
                        // (reports say pings do not keep an API Gateway connection open).
                        idle.as_mut().reset(tokio::time::Instant::now() + limits.idle);
                    }
                    if upstream.send(message).await.is_err() {
                        return upstream_gone(client, "the upstream's connection failed").await;
                    }
                    // A ping's pong is queued by tungstenite; send it now, not with the next message.
                    let _ = client.flush().await;
                }
                Some(Err(e)) => {
                    let Some((code, reason)) = refusal(&e) else {
                        return client_gone(upstream, &e).await;
                    };
                    let what = format!("{reason} from the client");
                    close_broken(client, code, &what).await;
                    close(upstream, code, &what).await;
                    return End { by: By::Gateway, code: Some(code.into()), reason: what };
                }
                None => return client_gone(upstream, &WsError::ConnectionClosed).await,
            },
            message = upstream.next() => match message {
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.as_ref().map(|f| u16::from(f.code));
                    close_after(client, frame).await;
                    let _ = upstream.flush().await;
                    finish(upstream).await;
                    return End { by: By::Upstream, code, reason: "the upstream closed".into() };
                }
                Some(Ok(message)) => {
                    if is_data(&message) && message.len() > MAX_MESSAGE {
                        // API Gateway refuses such a message from the backend
                        // (post_to_connection: 413 PayloadTooLargeException) and the connection
                        // stays: it is dropped, logged, and the relay goes on.
                        counts.dropped += 1;
                        eprintln!(
                            "WS $connect upstream message of {} bytes dropped: over the {} KiB message \
                             quota (API Gateway's post_to_connection answers 413 PayloadTooLargeException)",
                            message.len(),
                            MAX_MESSAGE / 1024
                        );
                        continue;
                    }
                    if is_data(&message) {
                        counts.messages += 1;
                        idle.as_mut().reset(tokio::time::Instant::now() + limits.idle);
                    }
                    if send_framed(client, message).await.is_err() {
                        return client_gone(upstream, &WsError::ConnectionClosed).await;
                    }
                    let _ = upstream.flush().await;
                }
                Some(Err(e)) => {
                    let Some((code, reason)) = refusal(&e) else {
                        return upstream_gone(client, &format!("the upstream's connection failed: {e}")).await;
                    };
                    // No AWS counterpart (the backend is not a connection there): the client
                    // gets 1011, the upstream the code for what it sent.
                    let what = format!("{reason} from the upstream");
                    close(client, CloseCode::Error, "Internal error").await;
                    close_broken(upstream, code, &what).await;
                    return End { by: By::Upstream, code: Some(1011), reason: what };
                }
                None => return upstream_gone(client, "the upstream's connection ended without a close frame").await,
            },
            _ = &mut idle => {
                let reason = format!("idle for {}s (--ws-idle-timeout)", limits.idle.as_secs());
                close(client, CloseCode::Away, GOING_AWAY).await;
                close(upstream, CloseCode::Away, GOING_AWAY).await;
                return End { by: By::Gateway, code: Some(1001), reason };
            }
            _ = &mut deadline => {
                let reason = format!(
                    "connected for {}s (--ws-max-duration)",
                    started.elapsed().as_secs()
                );
                close(client, CloseCode::Away, GOING_AWAY).await;
                close(upstream, CloseCode::Away, GOING_AWAY).await;
                return End { by: By::Gateway, code: Some(1001), reason };
            }
            _ = stop.stopping() => {
                // Both at once: the two close handshakes (CLOSE_GRACE each at most) then fit
                // well inside the server's drain time.
                tokio::join!(
                    close(client, CloseCode::Away, GOING_AWAY),
                    close(upstream, CloseCode::Away, GOING_AWAY)
                );
                return End { by: By::Gateway, code: Some(1001), reason: "the gateway is stopping".into() };
            }
        }
    }
}

/// The close frame at the idle and duration limits and when the gateway stops. AWS publishes
/// neither code nor reason: 1001 Going Away is the code RFC 6455 §7.4.1 gives for a server going down or a browser
/// leaving, and what other gateways send at their idle timeout. UNCONFIRMED for API Gateway.
const GOING_AWAY: &str = "Going away";

fn is_data(message: &Message) -> bool {
    matches!(message, Message::Text(_) | Message::Binary(_))
}

/// The close code and words for an error a side's own frames caused, or None when the
/// connection itself failed (nothing can be sent back).
fn refusal(e: &WsError) -> Option<(CloseCode, String)> {
    use tokio_tungstenite::tungstenite::error::{CapacityError, ProtocolError};
    match e {
        WsError::Capacity(CapacityError::MessageTooLong { size, max_size }) if *max_size == MAX_FRAME => {
            Some((
                CloseCode::Size,
                format!("a frame of {size} bytes, over the {} KiB frame quota", MAX_FRAME / 1024),
            ))
        }
        WsError::Capacity(CapacityError::MessageTooLong { size, max_size }) => Some((
            CloseCode::Size,
            format!("a message of {size}+ bytes, over the {} KiB message quota", max_size / 1024),
        )),
        WsError::Capacity(e) => Some((CloseCode::Size, e.to_string())),
        WsError::Utf8(_) => Some((CloseCode::Invalid, "text that is not UTF-8".into())),
        WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake) => None,
        WsError::Protocol(e) => Some((CloseCode::Protocol, format!("a protocol error ({e})"))),
        _ => None,
    }
}

/// The client vanished or failed without a close frame (1006 in RFC terms, which is never
/// sent): the upstream is told the client went away.
async fn client_gone(upstream: &mut Socket, e: &WsError) -> End {
    close(upstream, CloseCode::Away, GOING_AWAY).await;
    let reason = match e {
        WsError::ConnectionClosed | WsError::AlreadyClosed => {
            "the client's connection ended without a close frame".into()
        }
        e => format!("the client's connection failed: {e}"),
    };
    End { by: By::Client, code: None, reason }
}

async fn upstream_gone(client: &mut Socket, reason: &str) -> End {
    close(client, CloseCode::Away, GOING_AWAY).await;
    End { by: By::Upstream, code: None, reason: reason.into() }
}

/// Pass a close frame on (code and reason as they came) and wait for its echo.
async fn close_after(socket: &mut Socket, frame: Option<CloseFrame>) {
    if socket.send(Message::Close(frame)).await.is_ok() {
        finish(socket).await;
    }
}

async fn close(socket: &mut Socket, code: CloseCode, reason: &str) {
    let frame = CloseFrame { code, reason: reason.to_string().into() };
    close_after(socket, Some(frame)).await;
}

/// Read (and discard) until the other side's close echo or the end of the connection, for
/// at most CLOSE_GRACE.
async fn finish(socket: &mut Socket) {
    let _ = tokio::time::timeout(CLOSE_GRACE, async {
        while let Some(Ok(message)) = socket.next().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// Close a client whose stream tungstenite can no longer read (it stopped inside an
/// over-limit frame): send the close frame, then read the rest of the bytes raw until the
/// client closes, so the socket is not closed on unread data (a reset that could destroy the
/// close frame before the client reads it).
async fn close_broken(socket: &mut Socket, code: CloseCode, reason: &str) {
    // A close frame's reason is at most 123 bytes (cut on a character boundary).
    let reason: String =
        reason.char_indices().take_while(|(i, c)| i + c.len_utf8() <= 123).map(|(_, c)| c).collect();
    let frame = CloseFrame { code, reason: reason.into() };
    if socket.send(Message::Close(Some(frame))).await.is_err() {
        return;
    }
    let io = socket.get_mut();
    let _ = io.shutdown().await;
    let mut buf = vec![0u8; 16 * 1024];
    let _ = tokio::time::timeout(CLOSE_GRACE, async {
        while matches!(io.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// Send to the client in frames of at most MAX_FRAME, as API Gateway's frame quota asks of
/// every message it carries (its quota note: larger messages "must be split into multiple
/// frames"); a client with a 32 KB frame limit of its own then works here as there.
async fn send_framed(client: &mut Socket, message: Message) -> Result<(), WsError> {
    let (opcode, payload) = match message {
        Message::Text(text) if text.len() > MAX_FRAME => (Data::Text, Bytes::from(text)),
        Message::Binary(bytes) if bytes.len() > MAX_FRAME => (Data::Binary, bytes),
        message => return client.send(message).await,
    };
    let mut start = 0;
    while start < payload.len() {
        let end = (start + MAX_FRAME).min(payload.len());
        let code = if start == 0 { OpCode::Data(opcode) } else { OpCode::Data(Data::Continue) };
        client
            .feed(Message::Frame(Frame::message(payload.slice(start..end), code, end == payload.len())))
            .await?;
        start = end;
    }
    client.flush().await
}

/// `WS $connect PATH closed by=… code=… after=Ns messages=N reason=…`: never a message's
/// content, a close reason from either side, or the query string.
fn log(path: &str, end: &End, after: Duration, counts: &Counts) {
    use crate::output::escape;
    let by = match end.by {
        By::Client => "client",
        By::Upstream => "upstream",
        By::Gateway => "gateway",
    };
    let code = end.code.map_or("none".to_string(), |c| c.to_string());
    let mut line = format!(
        "WS $connect {} closed by={by} code={code} after={}s messages={}",
        escape(path),
        after.as_secs(),
        counts.messages
    );
    if counts.dropped > 0 {
        line.push_str(&format!(" dropped={}", counts.dropped));
    }
    line.push_str(&format!(" reason={}", escape(&end.reason)));
    eprintln!("{line}");
}
