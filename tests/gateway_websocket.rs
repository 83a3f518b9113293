//! `tok gateway --websocket`: a real WebSocket echo upstream and real clients (tungstenite,
//! threads, 127.0.0.1), `tok serve` as the issuer. $connect is authorized before any upgrade;
//! after it, messages are relayed with API Gateway's per-connection limits.

mod common;

use common::gateway::{gateway, issuer, token, AUD};
use common::Env;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};
use tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tungstenite::protocol::frame::Frame;
use tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tungstenite::{Message, WebSocket};

/// What the echo upstream saw: each handshake's head, and how each connection ended.
#[derive(Debug)]
enum Seen {
    Head(String),
    /// The close frame the upstream received (code, reason), or None when the connection
    /// ended without one.
    Closed(Option<(u16, String)>),
}

/// A real WebSocket upstream: echoes text and binary, chooses the first offered subprotocol,
/// and obeys three commands: `send N` answers a binary message of N bytes, `bad text` a text
/// frame that is not UTF-8, `close CODE` closes with that code and reason "bye from upstream".
// tungstenite's handshake callback type fixes the size of its Err variant.
#[allow(clippy::result_large_err)]
fn ws_echo() -> (String, Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (seen, rx) = channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let seen = seen.clone();
            std::thread::spawn(move || {
                stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                let callback =
                    |request: &tungstenite::handshake::server::Request,
                     mut response: tungstenite::handshake::server::Response| {
                        let mut head = format!("GET {}\r\n", request.uri());
                        for (name, value) in request.headers() {
                            head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap_or("")));
                        }
                        let _ = seen.send(Seen::Head(head));
                        let offered =
                            request.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok());
                        if let Some(first) = offered.and_then(|o| o.split(',').next()) {
                            response
                                .headers_mut()
                                .insert("sec-websocket-protocol", first.trim().parse().unwrap());
                        }
                        Ok(response)
                    };
                let Ok(mut ws) = tungstenite::accept_hdr(stream, callback) else { return };
                let closed = loop {
                    match ws.read() {
                        Ok(Message::Text(text)) if text.starts_with("send ") => {
                            let n: usize = text[5..].parse().unwrap();
                            ws.send(Message::Binary(vec![7u8; n].into())).unwrap();
                        }
                        Ok(Message::Text(text)) if text.as_str() == "bad text" => {
                            let frame = Frame::message(vec![0xffu8, 0xfe], OpCode::Data(Data::Text), true);
                            ws.send(Message::Frame(frame)).unwrap();
                        }
                        Ok(Message::Text(text)) if text.starts_with("close ") => {
                            let code = CloseCode::from(text[6..].parse::<u16>().unwrap());
                            let frame = CloseFrame { code, reason: "bye from upstream".into() };
                            let _ = ws.close(Some(frame));
                            // Drive the close handshake to its end.
                            while ws.read().is_ok() {}
                            break None;
                        }
                        Ok(message @ (Message::Text(_) | Message::Binary(_))) => ws.send(message).unwrap(),
                        Ok(Message::Close(frame)) => {
                            break Some(
                                frame
                                    .map_or((1005, String::new()), |f| (f.code.into(), f.reason.to_string())),
                            )
                        }
                        Ok(_) => {}
                        Err(_) => break None,
                    }
                };
                // Let tungstenite send the close echo.
                let _ = ws.flush();
                let _ = seen.send(Seen::Closed(closed));
            });
        }
    });
    (url, rx)
}

type Client = WebSocket<TcpStream>;

const PROTOCOL: &str = "sec-websocket-protocol";

/// A WebSocket client through the gateway; Err(status) when the handshake is refused.
fn connect(
    base: &str,
    path: &str,
    header: Option<(&'static str, &str)>,
    config: Option<WebSocketConfig>,
) -> Result<Client, u16> {
    use tungstenite::client::IntoClientRequest;
    let addr = base.strip_prefix("http://").unwrap();
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    if let Some((name, value)) = header {
        request.headers_mut().insert(name, value.parse().unwrap());
    }
    match tungstenite::client::client_with_config(request, stream, config) {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            Err(response.status().as_u16())
        }
        Err(e) => panic!("handshake: {e}"),
    }
}

/// The close frame the client gets next (skipping nothing: a data message first is a failure).
fn close_of(ws: &mut Client) -> (u16, String) {
    match ws.read() {
        Ok(Message::Close(Some(frame))) => (frame.code.into(), frame.reason.to_string()),
        Ok(other) => panic!(
            "expected a close frame, got a {}-byte {:?}…",
            other.len(),
            other.to_text().map(|t| t.chars().take(20).collect::<String>())
        ),
        Err(e) => panic!("expected a close frame, got {e}"),
    }
}

fn closed(seen: &Receiver<Seen>) -> Option<(u16, String)> {
    loop {
        match seen.recv_timeout(Duration::from_secs(10)).expect("the upstream's connection ends") {
            Seen::Closed(frame) => return frame,
            Seen::Head(_) => {}
        }
    }
}

fn head(seen: &Receiver<Seen>) -> String {
    match seen.recv_timeout(Duration::from_secs(10)).unwrap() {
        Seen::Head(head) => head,
        other => panic!("expected a handshake, got {other:?}"),
    }
}

/// An open gateway (no authorizer) in front of a fresh echo upstream.
fn open_gateway(extra: &[&str]) -> (Env, common::server::TokServe, Receiver<Seen>) {
    let env = Env::new();
    let (upstream, seen) = ws_echo();
    let mut args = vec!["--upstream", upstream.as_str(), "--websocket"];
    args.extend(extra);
    let gw = gateway(&env, &args);
    (env, gw, seen)
}

/// A message sent as raw frames of `frame` bytes each.
fn send_fragmented(ws: &mut Client, total: usize, frame: usize) {
    let payload = vec![b'x'; total];
    for (i, chunk) in payload.chunks(frame).enumerate() {
        let opcode = if i == 0 { OpCode::Data(Data::Binary) } else { OpCode::Data(Data::Continue) };
        let last = (i + 1) * frame >= total;
        ws.write(Message::Frame(Frame::message(chunk.to_vec(), opcode, last))).unwrap();
    }
    ws.flush().unwrap();
}

#[test]
fn websocket_connect_is_authorized_then_relayed() {
    let (env, serve) = issuer();
    let (upstream, seen) = ws_echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream,
            "--websocket",
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--identity-source",
            "route.request.querystring.token",
            "--map",
            "overwrite:header.x-user-id=$context.authorizer.claims.sub",
        ],
    );
    // Refused before any upgrade, and the upstream never sees it.
    assert_eq!(connect(&gw.base, "/chat", None, None).err(), Some(401));
    assert_eq!(connect(&gw.base, "/chat?token=not.a.token", None, None).err(), Some(401));
    assert!(seen.try_recv().is_err());

    let t = token(&env, &serve, "read:rooms");
    let deflate = ("sec-websocket-extensions", "permessage-deflate; client_max_window_bits");
    let mut ws = connect(&gw.base, &format!("/chat?token={t}"), Some(deflate), None).unwrap();
    let upstream_head = head(&seen).to_ascii_lowercase();
    assert!(upstream_head.contains("upgrade: websocket"), "{upstream_head}");
    assert!(upstream_head.contains("x-user-id: app-client-1@clients"), "{upstream_head}");
    assert!(
        !upstream_head.contains("sec-websocket-extensions"),
        "the client's deflate offer is not passed on: {upstream_head}"
    );

    // Text and binary both ways, and a ping answered.
    ws.send(Message::text("hello")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("hello"));
    ws.send(Message::binary(vec![0u8, 1, 2, 255])).unwrap();
    assert_eq!(ws.read().unwrap(), Message::binary(vec![0u8, 1, 2, 255]));
    ws.send(Message::Ping(b"p".to_vec().into())).unwrap();
    assert_eq!(ws.read().unwrap(), Message::Pong(b"p".to_vec().into()));

    // The client's close code and reason reach the upstream; its echo comes back.
    ws.close(Some(CloseFrame { code: CloseCode::from(4000), reason: "done here".into() })).unwrap();
    loop {
        match ws.read() {
            Ok(Message::Close(Some(frame))) => {
                assert_eq!(u16::from(frame.code), 4000);
            }
            Ok(Message::Pong(_)) => {}
            Ok(other) => panic!("{other:?}"),
            Err(tungstenite::Error::ConnectionClosed) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(closed(&seen), Some((4000, "done here".to_string())));

    let log = gw.stop();
    assert!(log.contains("GET /chat 401 route=$connect reason=no token"), "{log}");
    assert!(log.contains("GET /chat 101 route=$connect"), "{log}");
    assert!(log.contains("WS $connect /chat closed by=client code=4000 after="), "{log}");
    assert!(log.contains(" messages=4 reason=the client closed"), "{log}");
    assert!(!log.contains(&t), "{log}");
    assert!(!log.contains("hello") && !log.contains("done here"), "no content in the log: {log}");
}

#[test]
fn websocket_token_smuggled_in_the_subprotocols() {
    let (env, serve) = issuer();
    let (upstream, seen) = ws_echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream,
            "--websocket",
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--identity-source",
            "route.request.header.Sec-WebSocket-Protocol",
        ],
    );
    assert_eq!(connect(&gw.base, "/", Some((PROTOCOL, "chat")), None).err(), Some(401));
    let t = token(&env, &serve, "read:rooms");
    let mut ws = connect(&gw.base, "/", Some((PROTOCOL, &format!("chat, {t}"))), None).unwrap();
    let upstream_head = head(&seen);
    assert!(
        upstream_head.to_ascii_lowercase().contains("sec-websocket-protocol: chat\r\n"),
        "{upstream_head}"
    );
    assert!(!upstream_head.contains(&t), "the app never gets the token as a subprotocol: {upstream_head}");
    ws.send(Message::text("hi")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("hi"));
}

#[test]
fn websocket_frame_and_message_quotas() {
    let (_env, gw, seen) = open_gateway(&[]);
    // A 100 KB message in 25 KB frames is within both quotas: it passes, reassembled.
    let mut ws = connect(&gw.base, "/", None, None).unwrap();
    head(&seen);
    send_fragmented(&mut ws, 100 * 1024, 25 * 1024);
    assert_eq!(ws.read().unwrap(), Message::binary(vec![b'x'; 100 * 1024]));
    // Messages to the client go in frames within the quota: a client that refuses frames
    // over 32 KiB still gets a 100 KiB message.
    let strict = WebSocketConfig::default().max_frame_size(Some(32 * 1024));
    let mut small = connect(&gw.base, "/", None, Some(strict)).unwrap();
    head(&seen);
    small.send(Message::text("send 102400")).unwrap();
    assert_eq!(small.read().unwrap(), Message::binary(vec![7u8; 102400]));
    // An upstream message over 128 KiB is dropped (post_to_connection would answer 413); the
    // connection stays.
    small.send(Message::text("send 140000")).unwrap();
    small.send(Message::text("still here")).unwrap();
    assert_eq!(small.read().unwrap(), Message::text("still here"));
    drop(small);
    assert_eq!(
        closed(&seen),
        Some((1001, "Going away".to_string())),
        "a client gone without a close: the upstream gets 1001"
    );

    // One 40 KB frame: 1009 to the client, and the upstream is closed too.
    ws.send(Message::binary(vec![1u8; 40_000])).unwrap();
    assert_eq!(close_of(&mut ws).0, 1009);
    let upstream_close = closed(&seen).expect("the upstream gets a close frame");
    assert_eq!(upstream_close.0, 1009);

    // 130 KiB in 25 KiB frames: every frame fits, the message does not.
    let mut ws = connect(&gw.base, "/", None, None).unwrap();
    head(&seen);
    send_fragmented(&mut ws, 130 * 1024, 25 * 1024);
    assert_eq!(close_of(&mut ws).0, 1009);
    assert_eq!(closed(&seen).map(|c| c.0), Some(1009));

    let log = gw.stop();
    assert!(log.contains("WS $connect / closed by=gateway code=1009 "), "{log}");
    assert!(
        log.contains("reason=a frame of 40000 bytes, over the 32 KiB frame quota from the client"),
        "{log}"
    );
    assert!(log.contains("over the 128 KiB message quota from the client"), "{log}");
    assert!(log.contains("upstream message of 140000 bytes dropped"), "{log}");
    assert!(log.contains("dropped=1"), "{log}");
}

#[test]
fn websocket_upstream_close_passes_to_the_client() {
    let (_env, gw, seen) = open_gateway(&[]);
    let mut ws = connect(&gw.base, "/room", None, None).unwrap();
    head(&seen);
    ws.send(Message::text("close 4001")).unwrap();
    assert_eq!(close_of(&mut ws), (4001, "bye from upstream".to_string()));
    // Our echo completes the close handshake the upstream started.
    assert!(matches!(ws.read(), Err(tungstenite::Error::ConnectionClosed)));
    assert_eq!(closed(&seen), None, "the upstream started the close itself");
    // The log line follows the upstream's end of the connection.
    std::thread::sleep(Duration::from_millis(300));
    // An upstream that breaks the protocol: the client gets 1011, the upstream 1007.
    let mut ws = connect(&gw.base, "/room", None, None).unwrap();
    head(&seen);
    ws.send(Message::text("bad text")).unwrap();
    assert_eq!(close_of(&mut ws).0, 1011);
    let _ = ws.read();
    assert_eq!(closed(&seen).map(|c| c.0), Some(1007));
    std::thread::sleep(Duration::from_millis(300));
    let log = gw.stop();
    assert!(log.contains("WS $connect /room closed by=upstream code=4001"), "{log}");
    assert!(log.contains("WS $connect /room closed by=upstream code=1011 "), "{log}");
    assert!(log.contains("messages=1 reason=text that is not UTF-8 from the upstream"), "{log}");
}

#[test]
fn websocket_idle_timeout_and_max_duration() {
    // Idle: one message, then nothing; both sides get 1001 about a second later.
    let (_env, gw, seen) = open_gateway(&["--ws-idle-timeout", "1s"]);
    let mut ws = connect(&gw.base, "/", None, None).unwrap();
    head(&seen);
    ws.send(Message::text("one")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("one"));
    let quiet = Instant::now();
    assert_eq!(close_of(&mut ws), (1001, "Going away".to_string()));
    let waited = quiet.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(3), "{waited:?}");
    let _ = ws.read();
    assert_eq!(closed(&seen).map(|c| c.0), Some(1001));
    let log = gw.stop();
    assert!(
        log.contains(
            "closed by=gateway code=1001 after=1s messages=2 reason=idle for 1s (--ws-idle-timeout)"
        ),
        "{log}"
    );

    // Duration: a connection busy every 200 ms is closed 2 s after it opened all the same.
    let (_env, gw, seen) = open_gateway(&["--ws-max-duration", "2s"]);
    let opened = Instant::now();
    let mut ws = connect(&gw.base, "/", None, None).unwrap();
    head(&seen);
    let mut echoes = 0;
    let code = loop {
        assert!(opened.elapsed() < Duration::from_secs(5), "never closed");
        ws.send(Message::text("tick")).unwrap();
        match ws.read().unwrap() {
            Message::Text(_) => echoes += 1,
            Message::Close(frame) => break frame.map(|f| u16::from(f.code)),
            other => panic!("{other:?}"),
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let lived = opened.elapsed();
    assert_eq!(code, Some(1001));
    assert!(echoes >= 5, "{echoes}");
    assert!(lived >= Duration::from_millis(1900) && lived < Duration::from_secs(4), "{lived:?}");
    let _ = ws.read();
    assert_eq!(closed(&seen).map(|c| c.0), Some(1001));
    let log = gw.stop();
    assert!(log.contains("closed by=gateway code=1001 after=2s"), "{log}");
    assert!(log.contains("reason=connected for 2s (--ws-max-duration)"), "{log}");
}

/// A stop reaches the open relays: both sides get 1001 within the drain, the connection gets
/// its log line, and the gateway still exits 0 promptly.
#[test]
fn websocket_closed_with_1001_when_the_gateway_stops() {
    let (_env, gw, seen) = open_gateway(&[]);
    let mut ws = connect(&gw.base, "/room?token=secret-in-query", None, None).unwrap();
    head(&seen);
    ws.send(Message::text("hello")).unwrap();
    assert_eq!(ws.read().unwrap(), Message::text("hello"));
    let stopped = Instant::now();
    gw.signal("TERM");
    assert_eq!(close_of(&mut ws), (1001, "Going away".to_string()));
    // Our echo completes the close handshake the gateway started.
    assert!(matches!(ws.read(), Err(tungstenite::Error::ConnectionClosed)));
    assert_eq!(closed(&seen), Some((1001, "Going away".to_string())));
    let log = gw.exit_log();
    assert!(stopped.elapsed() < Duration::from_secs(3), "{:?}", stopped.elapsed());
    assert!(
        log.contains(
            "WS $connect /room closed by=gateway code=1001 after=0s messages=2 reason=the gateway is stopping"
        ),
        "{log}"
    );
    assert!(!log.contains("secret-in-query"), "{log}");
    assert!(log.trim_end().ends_with("tok gateway: stopped"), "{log}");
}

#[test]
fn websocket_limit_flags() {
    let env = Env::new();
    let run = |args: &[&str]| {
        let out =
            env.tok().arg("gateway").args(["--upstream", "http://127.0.0.1:9"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let err = run(&["--websocket", "--ws-idle-timeout", "0"]);
    assert!(err.starts_with("tok: error: --ws-idle-timeout: 0 would close"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(
        run(&["--websocket", "--ws-max-duration", "soon"]).contains("--ws-max-duration: invalid duration")
    );
    assert!(run(&["--ws-idle-timeout", "1m"]).contains("--websocket"));
}

/// Seed 000's flow, step by step with the README walkthrough's commands: an API Gateway
/// WebSocket API whose `$connect` Lambda authorizer reads `route.request.querystring.token`,
/// tokens from Auth0 — here `tok serve` as the issuer, `tok fetch` for the token, `tok gateway`
/// in front of a WebSocket echo app.
#[test]
fn seed_000_walkthrough() {
    let env = Env::new();
    // 1. A signing key and one client for the local issuer.
    env.tok().args(["keygen", "--name", "default"]).assert().success();
    env.write(
        "clients.toml",
        br#"[[client]]
id = "chat-client"
secret = "a long random secret"
scopes = ["chat:connect"]
audiences = ["https://chat.example.com"]
"#,
    );
    // 2. tok serve --clients clients.toml
    let serve = common::server::TokServe::start(&env, &["--clients", "clients.toml"]);
    let issuer = format!("{}/", serve.base);
    // 3. TOK_CLIENT_SECRET='a long random secret' tok fetch --client-credentials \
    //      --issuer SERVE_URL/ --client-id chat-client --audience https://chat.example.com
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--issuer", &issuer])
        .args(["--client-id", "chat-client", "--audience", "https://chat.example.com"])
        .env("TOK_CLIENT_SECRET", "a long random secret")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(token.split('.').count(), 3, "a JWT");

    // 4. The app: a WebSocket echo server (ECHO).
    let (echo, seen) = ws_echo();
    let api = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev";
    for lambda in [None, Some(api)] {
        // 5. tok gateway --websocket --upstream ECHO --issuer SERVE_URL/ \
        //      --aud https://chat.example.com --identity-source route.request.querystring.token \
        //      [--lambda-policy arn:aws:execute-api:us-east-1:123456789012:abc123/dev]
        let mut args = vec!["--websocket", "--upstream", echo.as_str(), "--issuer", issuer.as_str()];
        args.extend(["--aud", "https://chat.example.com"]);
        args.extend(["--identity-source", "route.request.querystring.token"]);
        if let Some(api) = lambda {
            args.extend(["--lambda-policy", api]);
        }
        let gw = gateway(&env, &args);
        // 6. ws://GATEWAY/?token=TOKEN: connected, and the app echoes.
        let mut ws = connect(&gw.base, &format!("/?token={token}"), None, None).unwrap();
        head(&seen);
        ws.send(Message::text("hello, room")).unwrap();
        assert_eq!(ws.read().unwrap(), Message::text("hello, room"), "{lambda:?}");
        ws.close(None).unwrap();
        while ws.read().is_ok() {}
        assert_eq!(closed(&seen), Some((1005, String::new())), "a close without a code passes as it is");
        // 7. ws://GATEWAY/ without a token: 401 before any upgrade; the app never sees it.
        assert_eq!(connect(&gw.base, "/", None, None).err(), Some(401), "{lambda:?}");
        // A token that is not one: the JWT authorizer's 401, or the Lambda policy's explicit Deny.
        let refused = connect(&gw.base, "/?token=not.a.token", None, None).err();
        assert_eq!(refused, Some(if lambda.is_some() { 403 } else { 401 }));
        assert!(seen.try_recv().is_err(), "refused handshakes never reach the app");
        let log = gw.stop();
        assert!(log.contains("GET / 101 route=$connect"), "{log}");
        assert!(log.contains("GET / 401 route=$connect reason=no token"), "{log}");
        assert!(!log.contains(&token), "{log}");
    }
}
