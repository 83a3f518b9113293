//! A real HTTP server on 127.0.0.1, started and stopped by the test, that answers from a script
//! and records every request it received.
#![allow(dead_code)]

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The form body as decoded pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn form_value(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Form-decoding written independently of tok's, so tests check tok against the RFC.
pub fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(usize, &Received) -> Reply + Send + Sync;

pub struct TestServer {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// `handler(n, request)` answers the n-th request (0-based).
    pub fn start(handler: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> TestServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let (srv, log) = (Arc::clone(&server), Arc::clone(&received));
        let handler: Box<Handler> = Box::new(handler);
        let thread = std::thread::spawn(move || {
            for mut request in srv.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let got = Received {
                    method: request.method().as_str().to_string(),
                    path: request.url().to_string(),
                    headers: request
                        .headers()
                        .iter()
                        .map(|h| (h.field.as_str().as_str().to_string(), h.value.as_str().to_string()))
                        .collect(),
                    body,
                };
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(got.clone());
                    log.len() - 1
                };
                let reply = handler(n, &got);
                std::thread::sleep(reply.delay);
                let mut response =
                    tiny_http::Response::from_string(reply.body).with_status_code(reply.status);
                for (k, v) in &reply.headers {
                    response.add_header(tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap());
                }
                let _ = request.respond(response);
            }
        });
        TestServer { url, received, server, thread: Some(thread) }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `tok serve` as a child process, killed when dropped.
/// A long-running tok command (`tok serve`, `tok gateway`) as a child process on 127.0.0.1,
/// killed when dropped.
pub struct TokServe {
    pub base: String,
    command: &'static str,
    child: std::process::Child,
}

impl TokServe {
    pub fn start(env: &super::Env, args: &[&str]) -> TokServe {
        TokServe::start_command(env, "serve", args)
    }

    /// `tok COMMAND ARGS…`, once it has printed its base URL (its first line on stdout).
    pub fn start_command(env: &super::Env, command: &'static str, args: &[&str]) -> TokServe {
        use std::io::BufRead;
        let mut child = env
            .tok_std()
            .arg(command)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        if !line.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("tok {command}: the first line is the base URL, not {line:?}; stderr: {err}");
        }
        TokServe { base: line.trim().to_string(), command, child }
    }

    /// Stop the server as Ctrl-C would (SIGINT), check it exits 0, and return its log.
    pub fn stop(self) -> String {
        self.signal("INT");
        self.exit_log()
    }

    /// Send a signal by name (`TERM`, `INT`) without waiting for the exit.
    pub fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill").args([&format!("-{name}"), &pid]).status();
    }

    /// Wait for the exit after a signal, check it is 0, and return the log.
    pub fn exit_log(mut self) -> String {
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "tok {} exits 0 when stopped", self.command);
        let mut log = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut log);
        }
        log
    }
}

impl Drop for TokServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
