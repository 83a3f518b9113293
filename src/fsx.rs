//! Files that hold keys: written whole or not at all, private ones readable by the owner only.

use crate::error::{io_error, Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

pub const PRIVATE: u32 = 0o600;
pub const PUBLIC: u32 = 0o644;

/// `dir`, a directory of tok's under `root` (one of tok's data, cache and config directories),
/// created 0700 where missing when `create`, with `root` and every directory between them
/// checked by `check_dir`. Ok(false) when it does not exist (and `create` is false).
pub fn private_dir(root: &Path, dir: &Path, create: bool) -> Result<bool> {
    // One level at a time, each checked before anything is created inside it: a recursive
    // create would already have followed a planted link.
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(0o700);
    // The root's own parents (~/.cache, …) are the user's business, not tok's.
    builder.recursive(true);
    let parts = dir.strip_prefix(root).unwrap_or(Path::new("")).components();
    let mut path = root.to_path_buf();
    for part in std::iter::once(None).chain(parts.map(Some)) {
        if let Some(part) = part {
            path.push(part);
        }
        if check_dir(&path)? {
            continue;
        }
        if !create {
            return Ok(false);
        }
        match builder.create(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(io_error("create directory", &path, e))
            }
            _ => {
                check_dir(&path)?;
            }
        }
    }
    Ok(true)
}

/// A directory of tok's own (keys/, secrets/, cache/…), as ssh treats ~/.ssh: a symlink is
/// refused (tok would read, write or delete wherever it points), so is a directory owned by
/// another user (they could plant keys, cached key sets or tokens in it); one of the user's
/// own that others may write to is tightened to 0700. Ok(false) when it does not exist.
pub fn check_dir(dir: &Path) -> Result<bool> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error("inspect", dir, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(Error::local(format!(
            "{} is a symbolic link; tok does not follow links for its own directories",
            dir.display()
        ))
        .hint("replace the link with a real directory (or set TOK_HOME to one)"));
    }
    if !meta.is_dir() {
        return Err(Error::local(format!(
            "cannot create or use directory {}: it exists and is not a directory",
            dir.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.uid() != euid() {
            return Err(not_yours(dir, meta.uid()));
        }
        // Writable by others is a real hole (they could swap what is inside); readable is not
        // (tok's files are 0600 and the directories it creates 0700), and a TOK_HOME the user
        // chose keeps the mode they gave it.
        if meta.mode() & 0o022 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(|e| io_error("restrict the permissions of", dir, e))?;
            crate::output::warn(&format!(
                "{} was writable by other users (mode {:04o}); made it 0700",
                dir.display(),
                meta.mode() & 0o777
            ));
        }
    }
    Ok(true)
}

/// A file tok trusts (a cached key set or token, the config, a saved secret, a keyring key):
/// a regular file, not a link, owned by the user and writable by no one else.
pub fn check_file(path: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(path).map_err(|e| io_error("read", path, e))?;
    if meta.file_type().is_symlink() {
        return Err(Error::local(format!("{} is a symbolic link; tok does not follow it", path.display()))
            .hint("replace the link with the file itself"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != euid() {
            return Err(not_yours(path, meta.uid()));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(Error::local(format!(
                "{} is writable by other users (mode {:04o}), so tok cannot trust it",
                path.display(),
                meta.mode() & 0o777
            ))
            .hint(format!("check its content, then chmod go-w {}", path.display())));
        }
    }
    Ok(())
}

/// Read a file tok trusts (see `check_file`) in a directory checked by `private_dir`; None
/// when it does not exist.
pub fn read_trusted(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => check_file(path)?,
    }
    fs::read(path).map(Some).map_err(|e| io_error("read", path, e))
}

#[cfg(unix)]
fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(unix)]
fn not_yours(path: &Path, uid: u32) -> Error {
    Error::local(format!(
        "{} belongs to another user (uid {uid}); tok trusts only its own files",
        path.display()
    ))
    .hint("remove it, or set TOK_HOME to a directory of your own")
}

fn temp_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut random = [0u8; 6];
    // A failed RNG only makes a name collision (caught by create_new) more likely.
    let _ = aws_lc_rs::rand::fill(&mut random);
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    dest.with_file_name(format!(".{name}.{suffix}.tmp"))
}

/// Write `bytes` to `dest` atomically: a temp file in the same directory, created with `mode`
/// from the start (never briefly world-readable), fsynced, then moved into place. Without
/// `overwrite`, an existing `dest` is never replaced, even by a racing process.
pub fn write_atomic(dest: &Path, bytes: &[u8], mode: u32, overwrite: bool) -> Result<()> {
    let tmp = temp_path(dest);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(mode);
    #[cfg(not(unix))]
    let _ = mode;
    let result = (|| {
        let mut file = options.open(&tmp).map_err(|e| io_error("create", &tmp, e))?;
        file.write_all(bytes).map_err(|e| io_error("write", &tmp, e))?;
        file.sync_all().map_err(|e| io_error("sync", &tmp, e))?;
        drop(file);
        if overwrite {
            fs::rename(&tmp, dest).map_err(|e| io_error("replace", dest, e))
        } else {
            // link() fails if dest exists: an atomic "create if absent" for the finished file.
            fs::hard_link(&tmp, dest).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => already_exists(dest),
                _ => io_error("create", dest, e),
            })
        }
    })();
    let _ = fs::remove_file(&tmp);
    result?;
    if let Some(parent) = dest.parent() {
        // Make the rename itself durable; not every platform lets a directory be fsynced.
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

pub fn already_exists(path: &Path) -> Error {
    Error::local(format!("{} already exists; refusing to overwrite a key", path.display()))
        .hint("pass --force to replace it, or choose another --name/--out")
}

/// Move `from` to `to` in one step without ever replacing what is at `to` — not even an empty
/// directory, which a plain rename(2) would silently take the place of. A symbolic link at
/// `from` is moved as a link, never followed.
pub fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
        };
        let (src, dst) = (c(from)?, c(to)?);
        // SAFETY: both are valid NUL-terminated paths that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                src.as_ptr(),
                libc::AT_FDCWD,
                dst.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        // A file system without RENAME_NOREPLACE: fall back to checking first.
        if !matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(err);
        }
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    fs::rename(from, to)
}
