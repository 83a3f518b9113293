//! The committed completion scripts are exactly what the binary generates.

mod common;

use common::Env;

#[test]
fn committed_completions_are_current() {
    let env = Env::new();
    let files = [
        ("bash", "tok.bash"),
        ("zsh", "_tok"),
        ("fish", "tok.fish"),
        ("powershell", "_tok.ps1"),
        ("elvish", "tok.elv"),
    ];
    for (shell, file) in files {
        let out = env.tok().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions").join(file);
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: run scripts/generate.sh and commit the result"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    Env::new().tok().args(["completions", "tcsh"]).assert().code(2);
}

/// What the bash script offers after `words` (the last one being completed).
fn bash_complete(words: &[&str]) -> Vec<String> {
    let env = Env::new();
    let script = env.tok().args(["completions", "bash"]).output().unwrap().stdout;
    env.write("tok.bash", &script);
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = format!(
        "source ./tok.bash; COMP_WORDS=(tok {}); COMP_CWORD={}; _tok tok '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len(),
        words[words.len() - 1],
        words.get(words.len().wrapping_sub(2)).unwrap_or(&"tok"),
    );
    let out =
        std::process::Command::new("bash").arg("-c").arg(line).current_dir(env.home.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.is_empty()).map(String::from).collect()
}

#[test]
fn flag_values_complete() {
    assert_eq!(bash_complete(&["sign", "--alg", "E"]), ["ES256", "ES384", "ES512", "EdDSA", "Ed25519"]);
    assert_eq!(bash_complete(&["verify", "--alg", "HS"]), ["HS256", "HS384", "HS512"]);
    // A public key's JWK is never pinned to an HMAC algorithm.
    assert!(bash_complete(&["keys", "show", "--alg", ""]).iter().all(|a| !a.starts_with("HS")));
    assert_eq!(bash_complete(&["jwks", "--alg", "PS"]), ["PS256", "PS384", "PS512"]);
    assert_eq!(bash_complete(&["keygen", "--type", ""]), ["rsa", "ec", "ed25519", "hmac"]);
    assert_eq!(bash_complete(&["serve", "--dialect", ""]), ["auth0", "cognito"]);
    assert_eq!(bash_complete(&["verify", "--gateway", ""]), ["http-api"]);
    assert_eq!(
        bash_complete(&["fetch", "--auth", ""]),
        ["basic", "post", "private-key-jwt", "client-secret-jwt"]
    );
}

#[test]
fn alg_stays_case_insensitive_with_tok_s_own_messages() {
    let env = Env::new();
    env.tok().args(["keygen"]).assert().success();
    let token = env.sign(&["--alg", "ps384", "--sub", "a"]);
    env.tok().args(["verify", "--alg", "Ps384", &token]).assert().success();
    env.tok()
        .args(["sign", "--alg", "none"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("alg none (an unsigned token) is never allowed"));
    env.tok()
        .args(["verify", "--alg", "RS999", &token])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown --alg \"RS999\""));
}

/// Dynamic completion, as a shell registered with `source <(COMPLETE=bash tok)` asks for it:
/// keyring names for `--key` and `keys show`, saved profile names for `--profile`, read from
/// the user's own files at the moment of completing.
#[test]
fn key_and_profile_names_complete_from_the_user_s_files() {
    let env = Env::new();
    env.keygen("alpha");
    env.tok().args(["keygen", "--name", "beta", "--type", "ec"]).assert().success();
    env.tok()
        .args(["profile", "add", "prod", "--auth0", "t.example", "--client-id", "c", "--client-secret-stdin"])
        .write_stdin("a-client-secret")
        .assert()
        .success();
    let dynamic = |words: &[&str]| -> Vec<String> {
        let out = env
            .tok()
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .arg("--")
            .arg("tok")
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            out.stderr.is_empty(),
            "completion printed to stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .split(['\u{b}', '\n'])
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(dynamic(&["sign", "--key", ""]), ["alpha", "beta"]);
    assert_eq!(dynamic(&["keys", "show", "b"]), ["beta"]);
    assert_eq!(dynamic(&["fetch", "--profile", "p"]), ["prod"]);
    // A positional also offers the flags that may come next.
    assert_eq!(dynamic(&["profile", "remove", ""])[0], "prod");
    // The registration script a shell sources.
    let script = env.tok().env("COMPLETE", "bash").output().unwrap();
    assert!(String::from_utf8_lossy(&script.stdout).contains("_clap_complete_tok"));
}
