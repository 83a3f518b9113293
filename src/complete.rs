//! Dynamic completion (`source <(COMPLETE=bash tok)`): keyring and profile names from the
//! user's own files. Completion must never print anything but candidates, so these read the
//! directories quietly and offer nothing rather than an error or a warning.

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use std::ffi::OsStr;

/// Keyring key names starting with what was typed.
pub fn key_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Ok(dir) = crate::keyring::keys_dir() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| crate::keyring::check_name(name).is_ok() && name.starts_with(current.as_ref()))
        .collect();
    names.sort();
    names.into_iter().map(|name| CompletionCandidate::new(name).help(Some("keyring key".into()))).collect()
}

/// `--key NAME|PATH`: keyring names, and files once what was typed looks like a path.
pub fn key_or_file(current: &OsStr) -> Vec<CompletionCandidate> {
    let text = current.to_string_lossy();
    let mut candidates = key_names(current);
    if text.contains('/') || text.contains('.') || candidates.is_empty() {
        candidates.extend(PathCompleter::any().complete(current));
    }
    candidates
}

/// Saved profile names starting with what was typed.
pub fn profile_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Ok(config) = crate::config::load() else { return Vec::new() };
    config
        .profile
        .keys()
        .filter(|name| name.starts_with(current.as_ref()))
        .map(|name| CompletionCandidate::new(name.clone()).help(Some("profile".into())))
        .collect()
}
