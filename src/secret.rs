//! HMAC secrets: read only from a file, stdin or the environment (never argv), wiped on drop,
//! and unprintable, so no error, log line or panic message can carry one by accident.

use crate::error::{io_error, Error, Result};
use std::fmt;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

pub const ENV_SECRET: &str = "TOK_SECRET";
pub const ENV_CLIENT_SECRET: &str = "TOK_CLIENT_SECRET";

pub struct Secret(Zeroizing<Vec<u8>>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl Secret {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `echo secret > file` and a terminal both add a line ending nobody means as key material.
    fn trimmed(mut bytes: Vec<u8>) -> Self {
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        Secret::from_bytes(bytes)
    }

    pub fn from_file(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| io_error("read secret file", path, e))?;
        warn_if_shared(path);
        Ok(Secret::trimmed(bytes))
    }

    pub fn from_stdin() -> Result<Self> {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::local(format!("cannot read the secret from stdin: {e}")))?;
        Ok(Secret::trimmed(bytes))
    }

    pub fn from_env(name: &str) -> Option<Self> {
        std::env::var_os(name).map(|v| Secret::from_bytes(v.into_encoded_bytes()))
    }
}

/// Like ssh with private keys: a secret others can read is no longer a secret.
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                crate::output::warn(&format!(
                    "{} is readable by other users (mode {mode:04o}); chmod 600 it",
                    path.display()
                ));
            }
        }
    }
}

/// Where a secret comes from, in order of precedence: a file, stdin, the environment.
pub fn load(file: Option<&Path>, stdin: bool, env: &str) -> Result<Option<Secret>> {
    let secret = match (file, stdin) {
        (Some(path), _) => Some(Secret::from_file(path)?),
        (None, true) => Some(Secret::from_stdin()?),
        (None, false) => Secret::from_env(env),
    };
    match secret {
        Some(s) if s.len() == 0 => Err(Error::local("the secret is empty")),
        other => Ok(other),
    }
}

/// A no-echo prompt on the terminal, or None when there is no terminal to ask on.
pub fn prompt(question: &str) -> Result<Option<Secret>> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let answer = rpassword::prompt_password(question)
        .map_err(|e| Error::local(format!("cannot read the secret from the terminal: {e}")))?;
    let answer = Zeroizing::new(answer);
    if answer.is_empty() {
        return Err(Error::local("the secret is empty"));
    }
    Ok(Some(Secret::from_bytes(answer.as_bytes().to_vec())))
}

/// A secret that must exist: `what` names what needs it in the error ("HS256", "HMAC").
pub fn require(file: Option<&Path>, stdin: bool, what: &str) -> Result<Secret> {
    load(file, stdin, ENV_SECRET)?.ok_or_else(|| {
        Error::local(format!("{what} needs a secret"))
            .hint(format!("pass --secret-file PATH or --secret-stdin, or set {ENV_SECRET}"))
    })
}
