//! The keyring, under the data directory (see paths.rs). A key is a directory `keys/NAME/` holding `private.pem`
//! (0600) and `public.pem`, the same layout `tok keygen --out DIR` writes.

use crate::error::{Error, Result};
use crate::jws::{Alg, Signer};
use crate::keys::{PemKey, PublicKey};
use std::path::{Path, PathBuf};

pub const DEFAULT_KEY: &str = "default";
pub const PRIVATE_FILE: &str = "private.pem";
pub const PUBLIC_FILE: &str = "public.pem";

pub fn keys_dir() -> Result<PathBuf> {
    Ok(crate::paths::data_dir()?.join("keys"))
}

pub fn check_name(name: &str) -> Result<()> {
    crate::paths::check_name("key", name)
}

pub fn key_dir(name: &str) -> Result<PathBuf> {
    check_name(name)?;
    Ok(keys_dir()?.join(name))
}

/// `--key NAME|PATH`: a keyring key or a file.
pub enum KeyRef {
    File(PathBuf),
    Named(String),
}

/// Anything that looks like a path (a separator or an extension) is a file; a bare word is a
/// keyring name when the keyring has it, else a file when one exists by that name.
pub fn resolve(arg: Option<&str>) -> KeyRef {
    let Some(arg) = arg else {
        return KeyRef::Named(DEFAULT_KEY.to_string());
    };
    let path = Path::new(arg);
    let looks_like_path =
        arg.contains(std::path::MAIN_SEPARATOR) || arg.contains('/') || path.extension().is_some();
    let in_keyring = || key_dir(arg).map(|d| d.is_dir()).unwrap_or(false);
    if looks_like_path || (!in_keyring() && path.is_file()) {
        KeyRef::File(path.to_path_buf())
    } else {
        KeyRef::Named(arg.to_string())
    }
}

/// `--key NAME|PATH` as a PEM key, with a label for messages. A named key is read from the
/// keyring: `private.pem` when signing, `public.pem` otherwise (verify never opens a private key
/// it does not need).
pub fn load(arg: Option<&str>, private: bool) -> Result<(crate::keys::PemKey, String)> {
    match resolve(arg) {
        KeyRef::File(path) => {
            let key = crate::keys::load_key_file(&path)?;
            Ok((key, path.display().to_string()))
        }
        KeyRef::Named(name) => {
            let file = if private { PRIVATE_FILE } else { PUBLIC_FILE };
            let path = named_key_file(&name, file)?;
            Ok((crate::keys::load_key_file(&path)?, format!("keyring key {name:?}")))
        }
    }
}

/// `--key NAME|PATH` as a signer: its private key, signing `alg` or else the key's own
/// algorithm, with its public half (for the kid). `user` names who signs, for messages
/// ("tok sign", "private-key-jwt", "tok serve").
pub fn signer(arg: Option<&str>, alg: Option<Alg>, user: &str) -> Result<(Signer, PublicKey)> {
    let (key, label) = load(arg, true)?;
    let PemKey::Private(private) = key else {
        return Err(Error::local(format!("{label} holds a public key; {user} signs with the private key"))
            .hint("pass the private key PEM with --key"));
    };
    // The key decides the algorithm unless one was asked for, and then it must fit the key.
    let alg = alg.unwrap_or(private.key.default_alg());
    if let Some(why) = private.key.refuses(alg) {
        return Err(Error::local(format!("cannot sign {} with {label}: {why}", alg.name())).hint(format!(
            "drop --alg to sign {}, or pass a key made for {}",
            private.key.default_alg().name(),
            alg.name()
        )));
    }
    Ok((Signer::new(alg, private.key), private.public))
}

/// The file to read for a named key, with a useful error when it does not exist.
pub fn named_key_file(name: &str, file: &str) -> Result<PathBuf> {
    let dir = key_dir(name)?;
    let path = dir.join(file);
    if crate::fsx::private_dir(&crate::paths::data_dir()?, &dir, false)? && path.exists() {
        // Someone who can replace a keyring key can sign or verify as anyone.
        crate::fsx::check_file(&path)?;
        return Ok(path);
    }
    let err = if name == DEFAULT_KEY {
        Error::local(format!("no default key ({} does not exist)", path.display()))
            .hint("run `tok keygen` to create one, or pass --key")
    } else {
        Error::local(format!("no key named {name:?} in the keyring ({} does not exist)", path.display()))
            .hint(format!("run `tok keygen --name {name}`, or `tok keys list` to see the keys"))
    };
    Err(err)
}

pub struct Entry {
    pub name: String,
    pub dir: PathBuf,
}

/// Every key directory, sorted by name.
pub fn list() -> Result<Vec<Entry>> {
    let dir = keys_dir()?;
    if !crate::fsx::private_dir(&crate::paths::data_dir()?, &dir, false)? {
        return Ok(Vec::new());
    }
    let read = match std::fs::read_dir(&dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(crate::error::io_error("read keyring", &dir, e)),
    };
    let mut entries: Vec<Entry> = read
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            check_name(&name).ok()?;
            Some(Entry { name, dir: e.path() })
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// The public half of every keyring key that can be read, by name.
pub fn public_keys() -> Result<Vec<(String, crate::keys::PublicKey)>> {
    Ok(list()?
        .into_iter()
        .filter_map(|entry| {
            let path = entry.dir.join(PUBLIC_FILE);
            if !path.exists() {
                return None;
            }
            let trusted = crate::fsx::check_dir(&entry.dir).and_then(|_| crate::fsx::check_file(&path));
            if let Err(e) = trusted {
                crate::output::warn(&format!("skipping keyring key {:?}: {e}", entry.name));
                return None;
            }
            let key = crate::keys::load_key_file(&path).ok()?;
            Some((entry.name, key.public().clone()))
        })
        .collect())
}
