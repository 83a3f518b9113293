//! Everything about how results look: pretty on a terminal, compact when piped, NO_COLOR.

use serde_json::Value;
use std::borrow::Cow;
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

/// JSON as `json` renders it, with keys, strings, numbers and literals coloured when `color`
/// (jq's scheme: keys bold blue, strings green). Colouring only wraps tokens of the rendered
/// text, so the characters are exactly those of the plain output.
pub fn json_painted(value: &Value, pretty: bool, color: bool) -> String {
    let plain = json(value, pretty);
    if !color {
        return plain;
    }
    let mut out = String::with_capacity(plain.len() * 2);
    let mut chars = plain.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '"' => {
                let mut end = plain.len();
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => {
                            end = i + 1;
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                let rest = plain[end..].trim_start_matches([' ', '\n']);
                let ansi = if rest.starts_with(':') { "34;1" } else { "32" };
                out.push_str(&paint(&plain[start..end], ansi, true));
            }
            '-' | '0'..='9' | 't' | 'f' | 'n' => {
                let mut end = plain.len();
                while let Some(&(i, c)) = chars.peek() {
                    if matches!(c, ',' | ']' | '}' | ' ' | '\n') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                let ansi = if c == 'n' {
                    "2"
                } else if c == 't' || c == 'f' {
                    "35"
                } else {
                    "33"
                };
                out.push_str(&paint(&plain[start..end], ansi, true));
            }
            c => out.push(c),
        }
    }
    out
}

/// Lowercase hex, two digits a byte (request ids, cache keys): one allocation, no formatter.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Text from the outside (a request, a server's error) made safe for a log line or a terminal: control characters (newlines that would forge lines,
/// ESC that would drive the terminal) and bidi overrides become visible escapes, and `\` is
/// doubled so an escape in the log is never ambiguous.
pub fn escape(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c == '\\'
            || c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && unsafe_char(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("\x1b[") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            rest = &after[after.find('m').unwrap() + 1..];
        }
        out + rest
    }

    #[test]
    fn painted_json_is_the_plain_json_with_colours() {
        let v = serde_json::json!({
            "sub": "a\": \"b\\\\", "n": -1.5e3, "ok": true, "no": false, "z": null,
            "list": ["x", 2, {"k": "v"}], "empty": {}, "none": []
        });
        for pretty in [true, false] {
            let painted = json_painted(&v, pretty, true);
            assert_eq!(strip(&painted), json(&v, pretty));
            assert!(painted.contains("\x1b[34;1m\"sub\"\x1b[0m"), "{painted}");
            assert!(painted.contains("\x1b[32m\"a\\\": \\\"b\\\\\\\\\"\x1b[0m"), "{painted}");
            assert!(painted.contains("\x1b[33m-1500.0\x1b[0m"), "{painted}");
            assert!(painted.contains("\x1b[35mtrue\x1b[0m") && painted.contains("\x1b[2mnull\x1b[0m"));
            assert!(painted.contains("\x1b[32m\"v\"\x1b[0m"), "{painted}");
        }
        assert_eq!(json_painted(&v, true, false), json(&v, true));
    }
}
