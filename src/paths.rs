//! Where tok keeps things. `$TOK_HOME`, when set, holds everything (keys/, cache/, config.toml,
//! secrets/), so tests and CI run isolated; otherwise the platform's own directories.

use crate::error::{Error, Result};
use std::path::PathBuf;

pub const ENV_HOME: &str = "TOK_HOME";

fn home() -> Option<PathBuf> {
    std::env::var_os(ENV_HOME).filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn project() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tok").ok_or_else(|| {
        Error::local("cannot find a home directory for tok's files").hint("set TOK_HOME to a directory")
    })
}

/// Keys and saved client secrets (`~/.local/share/tok` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    match home() {
        Some(home) => Ok(home),
        None => Ok(project()?.data_dir().to_path_buf()),
    }
}

/// The token cache (`~/.cache/tok` on Linux).
pub fn cache_dir() -> Result<PathBuf> {
    match home() {
        Some(home) => Ok(home.join("cache")),
        None => Ok(project()?.cache_dir().to_path_buf()),
    }
}

/// `config.toml` with the profiles (`~/.config/tok` on Linux).
pub fn config_dir() -> Result<PathBuf> {
    match home() {
        Some(home) => Ok(home),
        None => Ok(project()?.config_dir().to_path_buf()),
    }
}

/// Names of keys and profiles become file names: keep them to a safe, portable alphabet.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(Error::local(format!("invalid {what} name {name:?}"))
            .hint("use letters, digits, '-' and '_', at most 64 characters"))
    }
}
