//! One error type for the whole program. Each kind knows its exit code, so `main` is the only
//! place that turns errors into process status.

use std::fmt;

/// Exit codes, documented in the README and in `tok --help`.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INVALID: i32 = 1;
    pub const LOCAL: i32 = 2;
    pub const REMOTE: i32 = 3;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The token is invalid (verify, decode): exit 1.
    Invalid,
    /// Usage or local problem: bad flag value, missing or unreadable key, bad input: exit 2.
    Local,
    /// A remote server failed or refused: exit 3.
    Remote,
}

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    /// The details were already written (e.g. every failed check of `verify`); print nothing more.
    pub reported: bool,
    pub broken_pipe: bool,
    /// An exit code other than the kind's (tok exec: 126 and 127 for a command it cannot start).
    pub exit: Option<i32>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn local(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Local,
            message: message.into(),
            hint: None,
            reported: false,
            broken_pipe: false,
            exit: None,
        }
    }

    pub fn remote(message: impl Into<String>) -> Self {
        Error { kind: Kind::Remote, ..Error::local(message) }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Invalid,
            message: message.into(),
            hint: None,
            reported: false,
            broken_pipe: false,
            exit: None,
        }
    }

    /// A failure whose details have already been printed.
    pub fn reported(kind: Kind) -> Self {
        Error { kind, message: String::new(), hint: None, reported: true, broken_pipe: false, exit: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A reader closed the pipe (`tok sign … | head -1`): not a failure of tok's.
    pub fn quiet_ok(mut self) -> Self {
        self.broken_pipe = true;
        self
    }

    /// Exit with `code` instead of the kind's.
    pub fn exit_with(mut self, code: i32) -> Self {
        self.exit = Some(code);
        self
    }

    pub fn exit_code(&self) -> i32 {
        if self.broken_pipe {
            return exit::OK;
        }
        if let Some(code) = self.exit {
            return code;
        }
        match self.kind {
            Kind::Invalid => exit::INVALID,
            Kind::Local => exit::LOCAL,
            Kind::Remote => exit::REMOTE,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Attach a path to an I/O error so the message says which file was the problem.
pub fn io_error(what: &str, path: &std::path::Path, err: std::io::Error) -> Error {
    let reason = match err.kind() {
        std::io::ErrorKind::NotFound => "not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    };
    Error::local(format!("cannot {what} {}: {reason}", path.display()))
}
