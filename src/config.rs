//! Profiles: saved fetch settings in `config.toml`, and each profile's client secret in its
//! own file under `secrets/` (0600 in a 0700 directory), never in the config file.

use crate::error::{io_error, Error, Result};
use crate::fsx;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub profile: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth0: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cognito: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    /// private-key-jwt: the keyring name or path of the key; never key material.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assertion_aud: Option<String>,
}

pub fn path() -> Result<PathBuf> {
    Ok(crate::paths::config_dir()?.join("config.toml"))
}

pub fn load() -> Result<Config> {
    let dir = crate::paths::config_dir()?;
    let path = path()?;
    if !fsx::private_dir(&dir, &dir, false)? {
        return Ok(Config::default());
    }
    let Some(bytes) = fsx::read_trusted(&path)? else { return Ok(Config::default()) };
    let text =
        String::from_utf8(bytes).map_err(|_| Error::local(format!("{}: not UTF-8 text", path.display())))?;
    toml::from_str(&text).map_err(|e| {
        let first = e.to_string().lines().next().unwrap_or_default().to_string();
        Error::local(format!("{}: {first}", path.display()))
    })
}

/// Held while a command reads, changes and writes back config.toml (and the secret files
/// that go with it), so concurrent `tok profile add`s each see the others' profiles. An
/// advisory lock on a file of its own, released when dropped (or the process dies).
pub struct Lock(#[allow(dead_code)] std::fs::File);

pub fn lock() -> Result<Lock> {
    let dir = crate::paths::config_dir()?;
    fsx::private_dir(&dir, &dir, true)?;
    let path = dir.join(".config.lock");
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, fsx::PRIVATE);
    let file = options.open(&path).map_err(|e| io_error("open lock file", &path, e))?;
    file.lock().map_err(|e| io_error("lock", &path, e))?;
    Ok(Lock(file))
}

pub fn save(config: &Config) -> Result<()> {
    let dir = crate::paths::config_dir()?;
    let path = path()?;
    fsx::private_dir(&dir, &dir, true)?;
    let text =
        toml::to_string_pretty(config).map_err(|e| Error::local(format!("cannot write config: {e}")))?;
    fsx::write_atomic(&path, text.as_bytes(), fsx::PRIVATE, true)
}

/// A profile's secret file, with the secrets directory checked (and created when `create`).
fn secret_path(name: &str, create: bool) -> Result<Option<PathBuf>> {
    crate::paths::check_name("profile", name)?;
    let root = crate::paths::data_dir()?;
    let dir = root.join("secrets");
    Ok(fsx::private_dir(&root, &dir, create)?.then(|| dir.join(name)))
}

pub fn save_secret(name: &str, secret: &Secret) -> Result<()> {
    let path = secret_path(name, true)?.ok_or_else(|| Error::local("cannot create the secrets directory"))?;
    fsx::write_atomic(&path, secret.expose(), fsx::PRIVATE, true)
}

pub fn load_secret(name: &str) -> Result<Option<Secret>> {
    let Some(path) = secret_path(name, false)? else { return Ok(None) };
    Ok(fsx::read_trusted(&path)?.map(Secret::from_bytes))
}

pub fn remove_secret(name: &str) -> Result<()> {
    let Some(path) = secret_path(name, false)? else { return Ok(()) };
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error("remove", &path, e)),
        _ => Ok(()),
    }
}
