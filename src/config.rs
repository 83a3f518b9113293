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
}

pub fn path() -> Result<PathBuf> {
    Ok(crate::paths::config_dir()?.join("config.toml"))
}

pub fn load() -> Result<Config> {
    let path = path()?;
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            let first = e.to_string().lines().next().unwrap_or_default().to_string();
            Error::local(format!("{}: {first}", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(io_error("read", &path, e)),
    }
}

pub fn save(config: &Config) -> Result<()> {
    let path = path()?;
    if let Some(dir) = path.parent() {
        fsx::create_private_dir(dir)?;
    }
    let text =
        toml::to_string_pretty(config).map_err(|e| Error::local(format!("cannot write config: {e}")))?;
    fsx::write_atomic(&path, text.as_bytes(), fsx::PRIVATE, true)
}

fn secret_path(name: &str) -> Result<PathBuf> {
    crate::paths::check_name("profile", name)?;
    Ok(crate::paths::data_dir()?.join("secrets").join(name))
}

pub fn save_secret(name: &str, secret: &Secret) -> Result<()> {
    let path = secret_path(name)?;
    fsx::create_private_dir(path.parent().unwrap_or(&path))?;
    fsx::write_atomic(&path, secret.expose(), fsx::PRIVATE, true)
}

pub fn load_secret(name: &str) -> Result<Option<Secret>> {
    let path = secret_path(name)?;
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(Secret::from_bytes(bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error("read secret", &path, e)),
    }
}

pub fn remove_secret(name: &str) -> Result<()> {
    let path = secret_path(name)?;
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error("remove", &path, e)),
        _ => Ok(()),
    }
}
