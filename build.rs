//! Build facts for `tok --version` and `tok version --json`, baked in as compile-time strings so
//! that reporting them costs a run nothing (`tok verify` is mostly process start-up).
//!
//! Every fact falls back silently: a build from a crate tarball, without git or without a lock
//! file, still succeeds and says "unknown" / no commit.

use std::path::Path;
use std::process::Command;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&dir);
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    let commit = git_commit(dir).or_else(|| vcs_info_commit(dir)).unwrap_or_default();
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap_or_default();
    let aws_lc_rs = locked_version(&lock, "aws-lc-rs").unwrap_or_else(|| "unknown".into());
    let aws_lc_sys = locked_version(&lock, "aws-lc-sys").unwrap_or_else(|| "unknown".into());
    // aws-lc-sys reads this variable in its own build script (plain or suffixed by the target);
    // its build and this one see the same environment, so this mirrors what it compiled.
    println!("cargo:rerun-if-env-changed=AWS_LC_SYS_NO_JITTER_ENTROPY");
    let target_var = format!("AWS_LC_SYS_NO_JITTER_ENTROPY_{}", target.replace('-', "_"));
    println!("cargo:rerun-if-env-changed={target_var}");
    let jitter_off = [target_var.as_str(), "AWS_LC_SYS_NO_JITTER_ENTROPY"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .is_some_and(|v| is_truthy(&v));
    println!("cargo:rerun-if-changed=Cargo.lock");

    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let commit_part = if commit.is_empty() { String::new() } else { format!(" (commit {commit})") };
    // One value per line of `tok --version` (a rustc-env value cannot hold a newline).
    println!("cargo:rustc-env=TOK_BUILD_VERSION_LINE={version}{commit_part}");
    println!("cargo:rustc-env=TOK_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=TOK_BUILD_TARGET={target}");
    println!("cargo:rustc-env=TOK_BUILD_AWS_LC_RS={aws_lc_rs}");
    println!("cargo:rustc-env=TOK_BUILD_AWS_LC_SYS={aws_lc_sys}");
    println!("cargo:rustc-env=TOK_BUILD_JITTER={}", if jitter_off { "off" } else { "on" });
}

/// The short commit, only when this directory is itself a git checkout (not a crate vendored
/// inside some other repository). Re-run when HEAD moves: HEAD itself for a checkout or a
/// detached HEAD, and the branch's ref file for a new commit on the same branch.
fn git_commit(dir: &Path) -> Option<String> {
    if !dir.join(".git").exists() {
        return None;
    }
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    // A worktree's .git is a file: ask git where HEAD really lives.
    if let Some(git_dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        let git_dir = Path::new(&git_dir);
        watch(&git_dir.join("HEAD"));
        if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common = git(&["rev-parse", "--git-common-dir"]).map(|c| dir.join(c));
            for base in [Some(git_dir.to_path_buf()), common].into_iter().flatten() {
                watch(&base.join(&head_ref));
                watch(&base.join("packed-refs"));
            }
        }
    }
    git(&["rev-parse", "--short", "HEAD"])
}

/// A watched path that does not exist would make cargo re-run this script on every build.
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// A crate published with `cargo publish` records its commit in .cargo_vcs_info.json.
fn vcs_info_commit(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let rest = text.split("\"sha1\"").nth(1)?;
    let sha: String = rest.split('"').nth(1)?.chars().take(9).collect();
    sha.chars().all(|c| c.is_ascii_hexdigit()).then_some(sha).filter(|s| !s.is_empty())
}

/// `version = "…"` of a package in Cargo.lock, read as text (no TOML parser in a build script).
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            let v = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(v.to_string());
        }
    }
    None
}

/// The same reading of a yes/no variable as aws-lc-sys's build script (anything else: unset).
fn is_truthy(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    let no = v.starts_with('0') || v.starts_with('n') || v.starts_with("off") || v.starts_with('f');
    let yes = v.starts_with(|c: char| c.is_ascii_digit())
        || v.starts_with('y')
        || v.starts_with("on")
        || v.starts_with('t');
    !no && yes
}
