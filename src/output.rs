//! Everything about how results look: pretty on a terminal, compact when piped, NO_COLOR.

use serde_json::Value;
use std::io::{self, IsTerminal, Write};

pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stderr_color() -> bool {
    color_allowed() && io::stderr().is_terminal()
}

pub fn stdout_color() -> bool {
    color_allowed() && stdout_is_terminal()
}

pub fn paint(text: &str, ansi: &str, on: bool) -> String {
    if on {
        format!("\x1b[{ansi}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// JSON for people on a terminal, one line for programs.
pub fn json(value: &Value, pretty: bool) -> String {
    let rendered = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    rendered.unwrap_or_default()
}

pub fn warn(message: &str) {
    let label = paint("warning:", "33", stderr_color());
    eprintln!("tok: {label} {message}");
}

pub fn note(message: &str) {
    eprintln!("tok: {message}");
}

/// Writes to stdout; a closed pipe (`tok sign … | head -1`) ends the output quietly.
pub struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
}

impl Out {
    pub fn new() -> Self {
        Out { inner: io::BufWriter::new(io::stdout().lock()) }
    }

    pub fn line(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(text.as_bytes())?;
        self.inner.write_all(b"\n")
    }

    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.write_all(bytes)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}
