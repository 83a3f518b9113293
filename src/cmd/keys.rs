//! `tok keys list|show|rename|remove`: what is in the keyring.

use crate::cli::{KeysArgs, KeysCommand};
use crate::error::{Error, Result};
use crate::fsx;
use crate::keyring;
use crate::keys::{self, PemKey, PublicKey};
use crate::output::{self, Out};
use crate::timefmt;
use serde_json::{json, Value};
use std::path::PathBuf;

pub fn run(args: KeysArgs) -> Result<()> {
    match args.command {
        KeysCommand::List { json } => list(json),
        KeysCommand::Show { name, key, jwk, pem, alg } => show(name, key, jwk.then_some(alg), pem),
        KeysCommand::Remove { name, yes } => remove(&name, yes),
        KeysCommand::Rename { old, new } => rename(&old, &new),
    }
}

/// The directory of a key that exists, every directory from the data dir down checked (no
/// links, not another user's): what remove and rename act on.
fn existing_key_dir(name: &str) -> Result<PathBuf> {
    let dir = keyring::key_dir(name)?;
    let data = crate::paths::data_dir()?;
    if fsx::private_dir(&data, &keyring::keys_dir()?, false)? && fsx::check_dir(&dir)? {
        return Ok(dir);
    }
    Err(Error::local(format!("no key named {name:?} in the keyring ({} does not exist)", dir.display()))
        .hint("`tok keys list` shows the keys"))
}

/// "key \"NAME\" (kid …)", the kid read from the public half when it can be.
fn describe(name: &str, dir: &std::path::Path) -> String {
    let path = dir.join(keyring::PUBLIC_FILE);
    let kid = fsx::check_file(&path)
        .ok()
        .and_then(|_| keys::load_key_file(&path).ok())
        .map(|k| k.public().thumbprint())
        .unwrap_or_else(|| "unknown: public.pem unreadable".into());
    format!("key {name:?} (kid {kid})")
}

const NO_DEFAULT: &str = "there is no `default` key now: `tok sign` and `tok serve` without --key need \
                          one (`tok keygen`, or `tok keys rename NAME default`)";

fn remove(name: &str, yes: bool) -> Result<()> {
    let dir = existing_key_dir(name)?;
    let what = describe(name, &dir);
    if !yes && !confirm(&format!("remove {what}? [y/N] "), &what)? {
        output::note(&format!("kept {what}"));
        return Ok(());
    }
    // Out of the keyring in one step (a rename inside keys/), then deleted: a crash leaves a
    // hidden leftover, never half a key under its name. remove_dir_all deletes links, never
    // what they point to.
    let trash = dir.with_file_name(format!(".{name}.removing.{}", std::process::id()));
    fsx::rename_noreplace(&dir, &trash).map_err(|e| crate::error::io_error("remove", &dir, e))?;
    std::fs::remove_dir_all(&trash).map_err(|e| crate::error::io_error("remove", &trash, e))?;
    output::note(&format!("removed {what}"));
    if name == keyring::DEFAULT_KEY {
        output::note(NO_DEFAULT);
    }
    Ok(())
}

/// Ask on the terminal; without one, refuse (a script must say --yes).
fn confirm(question: &str, what: &str) -> Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Error::local(format!(
            "not removing {what} without confirmation: stdin is not a terminal to ask on"
        ))
        .hint("pass --yes to remove it"));
    }
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::local(format!("cannot read the answer from the terminal: {e}")))?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

fn rename(old: &str, new: &str) -> Result<()> {
    keyring::check_name(new)?;
    let from = existing_key_dir(old)?;
    let to = keyring::key_dir(new)?;
    if old == new {
        return Err(Error::local(format!("OLD and NEW are the same name ({old:?})")));
    }
    let exists = || {
        Error::local(format!("a key named {new:?} already exists ({}); refusing to replace it", to.display()))
            .hint(format!("remove it first (`tok keys remove {new}`) or choose another name"))
    };
    if std::fs::symlink_metadata(&to).is_ok() {
        return Err(exists());
    }
    let what = describe(old, &from);
    fsx::rename_noreplace(&from, &to).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists(),
        _ => crate::error::io_error("rename", &from, e),
    })?;
    output::note(&format!("renamed {what} to {new:?}"));
    if old == keyring::DEFAULT_KEY {
        output::note(NO_DEFAULT);
    }
    Ok(())
}

fn created(path: &std::path::Path) -> Option<i64> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

fn list(as_json: bool) -> Result<()> {
    let mut rows = Vec::new();
    for entry in keyring::list()? {
        let public_path = entry.dir.join(keyring::PUBLIC_FILE);
        let public = keys::load_key_file(&public_path).ok().map(|k| k.public().clone());
        let created = created(&entry.dir.join(keyring::PRIVATE_FILE)).map(timefmt::format_rfc3339);
        let mut row = json!({"name": entry.name, "kid": public.as_ref().map(PublicKey::thumbprint)});
        row.as_object_mut().expect("an object").extend(key_type(public.as_ref()));
        row["created"] = json!(created);
        row["path"] = json!(entry.dir.display().to_string());
        rows.push(row);
    }
    let mut out = Out::new();
    let write = |out: &mut Out, line: &str| out.line(line).map_err(crate::cmd::output_error);
    if as_json {
        write(&mut out, &output::json(&Value::Array(rows), output::stdout_is_terminal()))?;
    } else if rows.is_empty() {
        output::note(&format!("the keyring is empty ({}); run `tok keygen`", keyring::keys_dir()?.display()));
    } else {
        write(&mut out, &format!("{:<16} {:<44} {:<9} {}", "NAME", "KID", "TYPE", "CREATED"))?;
        for row in &rows {
            let field = |k: &str| row[k].as_str().map(String::from).unwrap_or_else(|| "?".into());
            let kind = match (row["type"].as_str(), row["bits"].as_u64(), row["curve"].as_str()) {
                (Some(t), Some(bits), _) => format!("{t} {bits}"),
                (Some(t), None, Some(curve)) => format!("{t} {curve}"),
                (Some(t), None, None) => t.to_string(),
                _ => "?".into(),
            };
            write(
                &mut out,
                &format!("{:<16} {:<44} {:<9} {}", field("name"), field("kid"), kind, field("created")),
            )?;
        }
    }
    out.flush().map_err(crate::cmd::output_error)
}

/// `type` ("RSA", "EC", "Ed25519") with `bits` for RSA and `curve` for EC; nulls when unreadable.
pub fn key_type(public: Option<&PublicKey>) -> serde_json::Map<String, Value> {
    let (kind, bits, curve) = match public {
        Some(PublicKey::Rsa(k)) => (Some("RSA"), Some(k.bits()), None),
        Some(PublicKey::Ec(k)) => (Some("EC"), None, Some(k.curve.name())),
        Some(PublicKey::Ed25519(_)) => (Some("Ed25519"), None, None),
        None => (None, None, None),
    };
    let value = json!({"type": kind, "bits": bits, "curve": curve});
    value.as_object().cloned().unwrap_or_default()
}

/// `jwk`: print the JWK, pinned to an algorithm when one is given.
fn show(name: Option<String>, key: Option<PathBuf>, jwk: Option<Option<String>>, pem: bool) -> Result<()> {
    let jwk_alg = match &jwk {
        Some(Some(alg)) => Some(alg.as_str()),
        _ => None,
    };
    let (loaded, label, paths) = match key {
        Some(path) => (keys::load_key_file(&path)?, path.display().to_string(), Vec::new()),
        None => {
            let name = name.unwrap_or_else(|| keyring::DEFAULT_KEY.to_string());
            let public_path = keyring::named_key_file(&name, keyring::PUBLIC_FILE)?;
            let dir = keyring::key_dir(&name)?;
            let paths = vec![dir.join(keyring::PRIVATE_FILE), public_path.clone()];
            (keys::load_key_file(&public_path)?, name.clone(), paths)
        }
    };
    let public = loaded.public();
    let text = if jwk.is_some() {
        let alg = jwk_alg.map(crate::cmd::parse_alg).transpose()?;
        let alg = alg.map(|a| crate::cmd::key_alg(a, public)).transpose()?;
        output::json(&public.jwk(alg), output::stdout_is_terminal()) + "\n"
    } else if pem {
        public_spki_pem(&loaded)?
    } else {
        let mut text = format!("key          {label}\n");
        for path in paths {
            text.push_str(&format!("file         {}\n", path.display()));
        }
        let private = if matches!(loaded, PemKey::Private(_)) { " (private key)" } else { "" };
        text.push_str(&format!("type         {}{private}\n", public.kind()));
        text.push_str(&format!("kid          {}\n", public.thumbprint()));
        text
    };
    let mut out = Out::new();
    out.raw(text.as_bytes()).and_then(|_| out.flush()).map_err(crate::cmd::output_error)
}

fn public_spki_pem(key: &PemKey) -> Result<String> {
    let der = key.public().spki_der().map_err(Error::local)?;
    crate::cmd::keygen::pem("PUBLIC KEY", &der)
}
