//! Files that hold keys: written whole or not at all, private ones readable by the owner only.

use crate::error::{io_error, Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

pub const PRIVATE: u32 = 0o600;
pub const PUBLIC: u32 = 0o644;

/// Create `dir` (and parents) readable by the owner only where tok creates it.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(dir).map_err(|e| io_error("create directory", dir, e))
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
