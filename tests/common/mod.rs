//! Shared by the integration tests: the real `tok` binary in an isolated TOK_HOME.
#![allow(dead_code)]

pub mod gateway;
pub mod server;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct Env {
    pub home: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { home: tempfile::tempdir().unwrap() }
    }

    /// `tok` with TOK_HOME pointing at this test's own directory and no inherited secrets.
    pub fn tok(&self) -> Command {
        let mut cmd = Command::cargo_bin("tok").unwrap();
        cmd.env("TOK_HOME", self.home.path())
            .env_remove("TOK_SECRET")
            .env_remove("TOK_CLIENT_SECRET")
            .env_remove("TOK_PROFILE")
            .env_remove("NO_COLOR")
            .current_dir(self.home.path());
        cmd
    }

    /// The same as `tok()`, as a std Command (for spawning several at once).
    pub fn tok_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tok"));
        cmd.env("TOK_HOME", self.home.path())
            .env_remove("TOK_SECRET")
            .env_remove("TOK_CLIENT_SECRET")
            .env_remove("TOK_PROFILE")
            .current_dir(self.home.path());
        cmd
    }

    /// A shell script run in this test's TOK_HOME, with `$TOK` the binary under test: for
    /// pipelines (`(sleep 2; echo $T) | "$TOK" verify`) and umask games.
    pub fn sh(&self, script: &str) -> std::process::Output {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .env("TOK", assert_cmd::cargo::cargo_bin("tok"))
            .env("TOK_HOME", self.home.path())
            .env_remove("TOK_SECRET")
            .env_remove("TOK_CLIENT_SECRET")
            .env_remove("TOK_PROFILE")
            .current_dir(self.home.path())
            .output()
            .unwrap()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// A keyring key (2048 bits); returns its kid.
    pub fn keygen(&self, name: &str) -> String {
        let out = self.tok().args(["keygen", "--name", name]).output().unwrap();
        assert!(out.status.success(), "keygen failed: {}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        stdout.lines().find_map(|l| l.strip_prefix("kid")).unwrap().trim().to_string()
    }

    pub fn key_file(&self, name: &str, file: &str) -> PathBuf {
        self.path(&format!("keys/{name}/{file}"))
    }

    /// `tok sign ARGS` → the token.
    pub fn sign(&self, args: &[&str]) -> String {
        let out = self.tok().arg("sign").args(args).output().unwrap();
        assert!(out.status.success(), "sign failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn write(&self, rel: &str, content: &[u8]) -> PathBuf {
        let path = self.path(rel);
        std::fs::write(&path, content).unwrap();
        path
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

pub fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap().trim().to_string()
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

pub fn segment_json(token: &str, index: usize) -> serde_json::Value {
    serde_json::from_slice(&unb64(token.split('.').nth(index).unwrap())).unwrap()
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}
