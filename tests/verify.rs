mod common;

use common::{b64, fixture, fixture_text, now, segment_json, Env};
use predicates::prelude::*;
use serde_json::{json, Value};

/// A token signed by the keyring's default key with arbitrary header/claims, via tok itself.
fn signed(env: &Env, claims: Value) -> String {
    env.write("claims.json", claims.to_string().as_bytes());
    // --exp is set from the file only when given there; keep tests in control of every time.
    let c = claims.as_object().unwrap();
    let mut args = vec!["--claims", "claims.json"];
    let exp;
    if let Some(e) = c.get("exp") {
        exp = e.to_string();
        args.extend(["--exp", exp.as_str()]);
    }
    env.sign(&args)
}

fn stderr_of(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.tok().arg("verify").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn round_trip_prints_claims_and_exits_zero() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "room1"]);
    let out = env.tok().arg("verify").write_stdin(format!("{token}\n")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let claims: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims, segment_json(&token, 1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1, "compact when piped");
}

#[test]
fn token_input_forms() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1"]);
    for input in [
        t.clone(),
        format!("  {t}  "),
        format!("Bearer {t}"),
        format!("Authorization: Bearer {t}"),
        format!("wss://x.example/dev?room=1&token={t}"),
        format!("Sec-WebSocket-Protocol: chat.v1, {t}"),
    ] {
        env.tok().args(["verify", &input]).assert().success();
        env.tok().args(["verify", "-"]).write_stdin(input.clone()).assert().success();
    }
    env.tok()
        .args(["verify", "https://x.example/?t=1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("token="));
}

#[test]
fn json_quiet_and_explain() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1", "--aud", "api"]);
    let out = env.tok().args(["verify", "--json", &t]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["header"]["alg"], "RS256");
    assert_eq!(v["claims"]["sub"], "room1");

    env.tok().args(["verify", "--quiet", &t]).assert().success().stdout("").stderr("");
    env.tok().args(["verify", "-q", "--aud", "other", &t]).assert().code(1).stdout("").stderr("");

    let out = env.tok().args(["verify", "--json", "--aud", "other", "--sub", "room2", &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let checks: Vec<&str> =
        v["errors"].as_array().unwrap().iter().map(|e| e["check"].as_str().unwrap()).collect();
    assert_eq!(checks, ["aud", "sub"]);

    let out = env.tok().args(["verify", "--explain", "--aud", "other", &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for check in ["signature", "alg", "kid", "exp", "nbf", "iat", "iss", "aud", "scope", "require"] {
        assert!(
            text.lines().any(|l| l.split_whitespace().nth(1) == Some(check)),
            "explain lists {check}:\n{text}"
        );
    }
    assert!(text.contains("✓ signature"));
    assert!(text.contains("✗ aud") && text.contains("\"api\"") && text.contains("\"other\""));
    assert!(text.contains("- nbf") && text.contains("not checked"));
    assert!(!text.contains("\x1b["), "no colour when piped");
    assert!(text.contains("invalid: 1 check failed;"), "{text}");
    let out =
        env.tok().args(["verify", "--explain", "--aud", "other", "--sub", "nobody", &t]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("invalid: 2 checks failed;"));
}

#[test]
fn every_failed_check_is_listed_with_values() {
    let env = Env::new();
    env.keygen("default");
    let exp = now() - 192;
    let t = signed(
        &env,
        json!({"iss": "https://tenant.auth0.com/", "aud": "https://api.example.com/", "exp": exp}),
    );
    let (code, stdout, stderr) = stderr_of(
        &env,
        &["--iss", "https://tenant.auth0.com", "--aud", "https://api.example.com", "--scope", "read", &t],
    );
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(lines.iter().all(|l| l.starts_with("tok: error: invalid token: ")));
    assert!(stderr.contains("token expired 3m1") && stderr.contains("ago (exp "), "{stderr}");
    assert!(stderr.contains("trailing slash"));
    assert!(stderr.contains(r#"aud mismatch (trailing slash): token has "https://api.example.com/", expected "https://api.example.com""#));
    assert!(stderr.contains(r#"missing scope "read""#));
}

#[test]
fn claims_checks() {
    let env = Env::new();
    env.keygen("default");
    let t = signed(
        &env,
        json!({"iss": "https://cognito-idp.us-east-1.amazonaws.com/pool", "scope": "a b", "scp": ["c"], "sub": "s1"}),
    );
    env.tok()
        .args([
            "verify",
            "--iss",
            "https://cognito-idp.us-east-1.amazonaws.com/pool",
            "--scope",
            "a",
            "--scope",
            "c",
            "--sub",
            "s1",
            "--require",
            "iat",
            &t,
        ])
        .assert()
        .success();
    env.tok()
        .args(["verify", "--require", "jti", &t])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(r#"required claim "jti" is missing"#));
    env.tok()
        .args(["verify", "--sub", "s2", &t])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sub mismatch"));
    env.tok().args(["verify", "--iss", "https://other", &t]).assert().code(1).stderr(
        predicate::str::contains("iss mismatch: token has")
            .and(predicate::str::contains("trailing slash").not()),
    );

    // aud: any of several; arrays in the token.
    let t = env.sign(&["--aud", "x", "--aud", "y"]);
    env.tok().args(["verify", "--aud", "y", &t]).assert().success();
    env.tok().args(["verify", "--aud", "z", "--aud", "x", &t]).assert().success();

    // Leeway.
    let t = signed(&env, json!({"exp": now() - 30}));
    env.tok().args(["verify", &t]).assert().code(1);
    env.tok().args(["verify", "--leeway", "60s", &t]).assert().success();
}

#[test]
fn cognito_client_id_stands_in_for_a_missing_aud_only() {
    let env = Env::new();
    let token = fixture_text("pyjwt/cognito_access.jwt");
    let jwks = fixture("pyjwt/jwks.json");
    let jwks = jwks.to_str().unwrap();
    env.tok().args(["verify", "--jwks", jwks, "--aud", "1example23456789", &token]).assert().success();
    env.tok()
        .args(["verify", "--jwks", jwks, "--aud", "other-client", &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("client_id mismatch"));
    // A token WITH aud is not matched through client_id.
    env.keygen("default");
    let t = signed(&env, json!({"aud": "api", "client_id": "c1"}));
    env.tok()
        .args(["verify", "--aud", "c1", &t])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("aud mismatch"));
}

#[test]
fn missing_exp_warns_unless_required() {
    let env = Env::new();
    let seed = fixture_text("seed_hs256_my_secret.jwt");
    let out =
        env.tok().args(["verify", "--alg", "HS256", &seed]).env("TOK_SECRET", "my-secret").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!({"foo": "bar"}));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no exp"), "{stderr}");
    assert!(stderr.contains("9 bytes"), "short-secret warning: {stderr}");
    assert!(!stderr.contains("my-secret"), "the secret never appears");
    env.tok()
        .args(["verify", "--alg", "HS256", "--require", "exp", &seed])
        .env("TOK_SECRET", "my-secret")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exp missing"));
    env.tok()
        .args(["verify", "--alg", "HS256", &seed])
        .env("TOK_SECRET", "not-my-secret")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signature does not match"));
}

#[test]
fn jwks_key_selection_and_constraints() {
    let env = Env::new();
    let jwks = fixture("pyjwt/jwks.json");
    let jwks = jwks.to_str().unwrap();
    let ps256 = fixture_text("pyjwt/ps256.jwt"); // kid auth0-kid-1, a JWK without alg
    env.tok().args(["verify", "--jwks", jwks, &ps256]).assert().success();
    // kid cognito-kid-1 is pinned to RS256: a PS256 token claiming that kid is refused.
    let mut parts: Vec<String> = ps256.split('.').map(String::from).collect();
    let mut header = segment_json(&ps256, 0);
    header["kid"] = json!("cognito-kid-1");
    parts[0] = b64(header.to_string().as_bytes());
    env.tok()
        .args(["verify", "--jwks", jwks, &parts.join(".")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(r#"the key is for alg "RS256" but the token says PS256"#));
    // Unknown kid names the kids the set has.
    header["kid"] = json!("rotated-away");
    parts[0] = b64(header.to_string().as_bytes());
    env.tok().args(["verify", "--jwks", jwks, &parts.join(".")]).assert().code(1).stderr(
        predicate::str::contains(r#"unknown kid "rotated-away""#)
            .and(predicate::str::contains("auth0-kid-1")),
    );

    // use=enc and kty mismatches.
    let set: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("pyjwt/jwks.json")).unwrap()).unwrap();
    let mut enc = set["keys"][0].clone();
    enc["use"] = json!("enc");
    env.write("enc.json", json!({"keys": [enc]}).to_string().as_bytes());
    env.tok()
        .args(["verify", "--jwks", "enc.json", &ps256])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("use is \"enc\""));
    env.write(
        "oct.json",
        json!({"keys": [{"kty": "oct", "kid": "auth0-kid-1", "k": b64(&[7u8; 32])}]}).to_string().as_bytes(),
    );
    env.tok()
        .args(["verify", "--jwks", "oct.json", &ps256])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("kty \"oct\": token says PS256 but the key is an HMAC secret"));
    env.write(
        "ec.json",
        json!({"keys": [{"kty": "EC", "kid": "auth0-kid-1", "crv": "P-256", "x": "a", "y": "b"}]})
            .to_string()
            .as_bytes(),
    );
    env.tok()
        .args(["verify", "--jwks", "ec.json", &ps256])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("key #1: JWK member \"x\" is not base64url"));
    // RFC 7515 A.3's P-256 key under the token's kid: a good key of the wrong family.
    env.write(
        "ec.json",
        json!({"keys": [{"kty": "EC", "kid": "auth0-kid-1", "crv": "P-256",
                         "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                         "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})
        .to_string()
        .as_bytes(),
    );
    env.tok().args(["verify", "--jwks", "ec.json", &ps256]).assert().code(1).stderr(
        predicate::str::contains(
            "token says PS256, which needs an RSA key, but the key is an EC P-256 public key",
        ),
    );
    env.write("bad.json", b"{\"keys\": 3}");
    env.tok()
        .args(["verify", "--jwks", "bad.json", &ps256])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an array"));
}

#[test]
fn key_sources() {
    let env = Env::new();
    let t = fixture_text("openssl/rs256_openssl.jwt");
    for key in [
        "openssl/spki_public.pem",
        "openssl/pkcs1_public.pem",
        "openssl/cert.pem",
        "openssl/pkcs1_private.pem",
    ] {
        env.tok().args(["verify", "--key", fixture(key).to_str().unwrap(), &t]).assert().success();
    }
    env.tok().args(["verify", &t]).assert().code(2).stderr(predicate::str::contains("no default key"));
    env.keygen("default");
    env.tok()
        .args(["verify", &t])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signature does not match"));
    env.tok().args(["verify", "--key", "default", "--jwks", "x.json", &t]).assert().code(2);
    env.tok()
        .args(["verify", "--alg", "XX256", &t])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --alg"));
    env.tok()
        .args(["verify", "--leeway", "abc", &t])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--leeway"));
    env.tok()
        .args(["verify", "--secret-stdin"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin"));
}

#[test]
fn alg_narrowing() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--alg", "PS256"]);
    env.tok().args(["verify", "--alg", "PS256", &t]).assert().success();
    env.tok()
        .args(["verify", "--alg", "RS256", &t])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("alg PS256 is not allowed: --alg allows RS256"));
}

#[test]
fn each_reads_many_tokens_and_keeps_order() {
    let env = Env::new();
    env.keygen("default");
    let good = env.sign(&["--sub", "a"]);
    let expired = env.sign(&["--sub", "b", "--exp", "-1h"]);
    let input = format!("{good}\n{expired}\nnot-a-token\nBearer {good}\n");
    let out = env.tok().args(["verify", "--each"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "one failed");
    let lines: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(serde_json::from_str::<Value>(&lines[0]).unwrap()["sub"], "a");
    assert!(lines[1].starts_with("error: exp: token expired"), "{}", lines[1]);
    assert!(lines[2].starts_with("error: format:"));
    assert_eq!(serde_json::from_str::<Value>(&lines[3]).unwrap()["sub"], "a");

    let out = env
        .tok()
        .args(["verify", "--each", "--json"])
        .write_stdin(format!("{good}\n{good}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        assert_eq!(serde_json::from_str::<Value>(line).unwrap()["valid"], true);
    }
}

#[test]
fn secret_from_stdin_and_shared_secret_files() {
    let env = Env::new();
    let secret = "a secret of at least thirty-two bytes!";
    let path = env.write("secret", secret.as_bytes());
    let token = env.sign(&["--secret-file", "secret", "--sub", "s"]);
    env.tok()
        .args(["verify", "--secret-stdin", &token])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success();
    // A secret file others can read still works, with a warning naming the fix.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.tok().args(["verify", "--secret-file", "secret", &token]).assert().success().stderr(
        predicate::str::contains("readable by other users").and(predicate::str::contains("chmod 600")),
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.tok().args(["verify", "--secret-file", "secret", &token]).assert().success().stderr("");
}

#[test]
fn named_keys_and_the_clock() {
    let env = Env::new();
    env.keygen("ws-prod");
    let token = env.sign(&["--key", "ws-prod", "--exp", "2030-01-01T00:00:00Z"]);
    env.tok().args(["verify", "--key", "ws-prod", &token]).assert().success();
    env.tok()
        .args(["verify", "--key", "ws-prod", "--at", "2030-01-01T00:00:01Z", &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("token expired 1s before --at (exp 2030-01-01T00:00:00Z)"));
    env.tok()
        .args(["keys", "show", "ws-prod"])
        .assert()
        .success()
        .stdout(predicate::str::contains("RSA 2048 bits"));
}

/// A shell pipeline `PRODUCER | tok ARGS…`: tok starts at once and reads when the producer
/// writes, as `(sleep 2; echo $T) | tok verify` does. Returns (exit code, stdout, stderr).
fn piped(env: &Env, producer: &str, args: &str) -> (i32, String, String) {
    let out = env.sh(&format!("({producer}) | \"$TOK\" {args}"));
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn the_clock_is_read_when_the_token_arrives_not_when_tok_starts() {
    let env = Env::new();
    env.keygen("default");
    // Expires while in the pipe: tok started before exp, the token arrived after it.
    let short = env.sign(&["--sub", "x", "--ttl", "1s"]);
    let (code, _, stderr) = piped(&env, &format!("sleep 2.5; echo {short}"), "verify");
    assert_eq!(code, 1, "an expired token must not pass: {stderr}");
    assert!(stderr.contains("exp: token expired"), "{stderr}");

    // Signed after the verifier started: its iat is not in the verifier's future. (--leeway 1s:
    // on a loaded VM the wall clock was seen to step back a few ms across a second boundary
    // between the two processes; the verifier started 2.5 s before the token was signed.)
    let (code, stdout, stderr) = piped(&env, "sleep 2.5; \"$TOK\" sign --sub late", "verify --leeway 1s");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"late\""), "{stdout}");

    // --at stays one fixed time, however late the token comes. (Pinned to the token's own iat:
    // a relative --at raced the seconds the steps above took on a loaded machine.)
    let at = format!("verify --at {}", segment_json(&short, 1)["iat"]);
    let (code, _, stderr) = piped(&env, &format!("sleep 2.5; echo {short}"), &at);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn each_answers_a_stream_as_it_comes_with_the_clock_of_each_line() {
    use std::io::{BufRead, Write};
    let env = Env::new();
    env.keygen("default");
    let first = env.sign(&["--sub", "first", "--ttl", "2s"]);
    let second = env.sign(&["--sub", "second", "--ttl", "1s"]);
    let mut child = env
        .tok_std()
        .args(["verify", "--each"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    writeln!(stdin, "{first}").unwrap();
    // `tail -f tokens | tok verify --each`: the answer comes before more input does.
    let answer = rx.recv_timeout(std::time::Duration::from_secs(10));
    assert!(
        answer.as_deref().is_ok_and(|l| l.contains("\"first\"")),
        "no answer while input is open: {answer:?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(2500));
    writeln!(stdin, "{second}").unwrap();
    drop(stdin);
    let answer = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
    assert!(answer.starts_with("error: exp: token expired"), "the second token expired on the way: {answer}");
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// 2,000 lines of valid, expired, altered and non-tokens, as one string.
fn mixed_lines(env: &Env) -> String {
    let good = env.sign(&["--sub", "a"]);
    let other = env.sign(&["--sub", "b", "--claim", "n:=2"]);
    let expired = env.sign(&["--sub", "c", "--exp", "-1h"]);
    let altered = format!("{}A", &good[..good.len() - 1]);
    let kinds =
        [good.as_str(), other.as_str(), expired.as_str(), altered.as_str(), "not-a-token", "Bearer x.y"];
    // An uneven pattern, so that workers finish out of order.
    (0..2000usize).map(|i| format!("{}\n", kinds[(i * 7 + i / 13) % kinds.len()])).collect()
}

#[test]
fn each_with_jobs_answers_in_input_order_as_one_thread_does() {
    let env = Env::new();
    env.keygen("default");
    let input = mixed_lines(&env);
    // One clock for every run, so the expired lines read the same.
    let at = now().to_string();
    let run = |extra: &[&str]| {
        let out = env
            .tok()
            .args(["verify", "--each", "--at", &at])
            .args(extra)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        (out.status.code(), out.stdout)
    };
    let (code, one) = run(&["--jobs", "1"]);
    assert_eq!(code, Some(1), "some lines are invalid");
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 2000);
    for extra in [&["--jobs", "4"][..], &["--jobs", "2"], &[], &["--jobs", "4", "--json"]] {
        let (code, many) = run(extra);
        assert_eq!(code, Some(1), "{extra:?}");
        if extra.contains(&"--json") {
            let (_, one_json) = run(&["--jobs", "1", "--json"]);
            assert!(many == one_json, "{extra:?}: the answers differ from one thread's");
        } else {
            assert!(many == one, "{extra:?}: the answers differ from one thread's");
        }
    }
    // All valid: exit 0 with workers too.
    let good = env.sign(&["--sub", "a"]);
    let all_good: String = (0..200).map(|_| format!("{good}\n")).collect();
    env.tok()
        .args(["verify", "--each", "--jobs", "3", "-q"])
        .write_stdin(all_good)
        .assert()
        .success()
        .stdout("");
}

#[test]
fn each_with_jobs_answers_a_stream_before_it_ends() {
    use std::io::{BufRead, Write};
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "s"]);
    let mut child = env
        .tok_std()
        .args(["verify", "--each", "--jobs", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    // More than are answered on one thread, so the workers have started; then one at a time.
    let wait = std::time::Duration::from_secs(10);
    for burst in [100, 1, 1] {
        for _ in 0..burst {
            writeln!(stdin, "{token}").unwrap();
        }
        stdin.flush().unwrap();
        for i in 0..burst {
            let answer = rx.recv_timeout(wait);
            assert!(
                answer.as_deref().is_ok_and(|l| l.contains("\"s\"")),
                "answer {i} of a burst of {burst} did not come while input is open: {answer:?}"
            );
        }
    }
    writeln!(stdin, "not-a-token").unwrap();
    drop(stdin);
    assert!(rx.recv_timeout(wait).unwrap().starts_with("error: format:"));
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn jobs_zero_is_refused_in_one_line() {
    let env = Env::new();
    env.keygen("default");
    for args in [&["verify", "--each", "--jobs", "0"][..], &["sign", "--subs-from", "-", "--jobs", "0"]] {
        let out = env.tok().args(args).write_stdin("x\n").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("--jobs must be at least 1"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn each_answers_every_line_even_unreadable_ones() {
    let env = Env::new();
    env.keygen("default");
    let good = env.sign(&["--sub", "a"]);
    let mut input = format!("{good}\n").into_bytes();
    input.extend_from_slice(b"\xff\xfe not utf-8\n");
    input.extend_from_slice(format!("{good}\n").as_bytes());
    // A line far over the 16 MiB input cap is that line's error, read without keeping it.
    input.extend(std::iter::repeat_n(b'a', 17 << 20));
    input.extend_from_slice(format!("\n{good}").as_bytes());
    let out = env.tok().args(["verify", "--each"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout:.300}");
    assert!(lines[1].starts_with("error: format: the line is not UTF-8"), "{}", lines[1]);
    assert!(lines[3].starts_with("error: format: the line is over 16 MiB"), "{:.200}", lines[3]);
    for i in [0, 2, 4] {
        assert_eq!(serde_json::from_str::<Value>(lines[i]).unwrap()["sub"], "a", "line {i}");
    }
}

#[test]
fn nothing_to_read_is_a_usage_error_with_a_hint() {
    let env = Env::new();
    env.keygen("default");
    for args in [&["verify"][..], &["verify", "--each"], &["decode"]] {
        let out = env.tok().args(args).write_stdin("").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("the command before the pipe printed nothing"), "{args:?}: {stderr}");
    }
    let out = env.tok().args(["verify", ""]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the TOKEN argument is empty"));
}

#[test]
fn pasted_tokens_quotes_files_and_bad_base64_are_explained() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "q"]);
    for quoted in [format!("\"{token}\""), format!("'{token}'\r\n"), format!(" \"Bearer {token}\" ")] {
        let out = env.tok().arg("verify").write_stdin(quoted.clone()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{quoted:?}: {stderr}");
        assert!(stderr.contains("removed the quotes around the token"), "{stderr}");
    }

    env.write("token.txt", token.as_bytes());
    let (code, _, stderr) = stderr_of(&env, &["token.txt"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("use `< token.txt`"), "{stderr}");
    let out = env.tok().args(["decode", "token.txt"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("use `< token.txt`"));

    // Standard base64 where base64url belongs: which character, where, and why.
    let (header, rest) = token.split_once('.').unwrap();
    let bad = format!("{}+{}.{rest}", &header[..5], &header[6..]);
    let (code, _, stderr) = stderr_of(&env, &[&bad]);
    assert_eq!(code, 1);
    assert!(stderr.contains("'+' at offset 5: that is standard base64"), "{stderr}");
}

/// A JWK Set given as `--key` is not silently reduced to its first key.
#[test]
fn a_jwk_set_given_as_key_points_to_jwks() {
    let env = Env::new();
    env.keygen("default");
    let jwks = env.tok().arg("jwks").output().unwrap().stdout;
    env.write("jwks.json", &jwks);
    let token = env.sign(&["--sub", "a"]);
    let (code, _, stderr) = stderr_of(&env, &["--key", "jwks.json", &token]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("this is a JWK Set, not one key: pass it with --jwks"), "{stderr}");
    let (code, _, stderr) = stderr_of(&env, &["--jwks", "jwks.json", &token]);
    assert_eq!(code, 0, "{stderr}");
}

/// `--explain --json`: every check, with its status and values, for scripts.
#[test]
fn explain_json_lists_every_check() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "a", "--aud", "api"]);
    let out = env.tok().args(["verify", "--explain", "--json", "--aud", "other", &token]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let checks = v["checks"].as_array().unwrap();
    let status = |name: &str| checks.iter().find(|c| c["check"] == name).map(|c| c["status"].clone());
    assert_eq!(status("signature"), Some(json!("pass")));
    assert_eq!(status("aud"), Some(json!("fail")));
    assert_eq!(status("nbf"), Some(json!("skip")));
    let aud = checks.iter().find(|c| c["check"] == "aud").unwrap();
    assert!(aud["detail"].as_str().unwrap().contains("\"other\""), "{aud}");
    assert_eq!(v["errors"][0]["check"], "aud");
}

/// `--ignore exp` checks the signature of an expired token without guessing an `--at`; the
/// ignored check is shown as skipped, with what it would have said.
#[test]
fn ignore_skips_a_claim_check_but_never_the_signature() {
    let env = Env::new();
    env.keygen("default");
    let expired = env.sign(&["--sub", "a", "--ttl", "-1h"]);
    let (code, _, stderr) = stderr_of(&env, &[&expired]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--ignore exp checks the rest"), "{stderr}");
    let (code, stdout, stderr) = stderr_of(&env, &["--ignore", "exp", &expired]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"sub\":\"a\""), "{stdout}");
    let (_, stdout, _) = stderr_of(&env, &["--ignore", "exp", "--explain", &expired]);
    assert!(
        stdout.contains("- exp        ignored (--ignore exp) (it would fail: token expired 1h ago"),
        "{stdout}"
    );

    // A bad signature is never ignored.
    let stranger = Env::new();
    stranger.keygen("default");
    let forged = stranger.sign(&["--sub", "a", "--ttl", "-1h"]);
    let (code, _, stderr) = stderr_of(&env, &["--ignore", "exp", "--key", "default", &forged]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("signature"), "{stderr}");
    let (code, _, _) = stderr_of(&env, &["--ignore", "signature", &expired]);
    assert_eq!(code, 2, "only claim checks can be ignored");
}

/// With --at, every relative time is measured from --at and says so; without it, from now.
#[test]
fn explain_times_are_relative_to_at() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "a", "--exp", "2030-01-01T01:00:00Z", "--nbf", "2029-12-31T21:00:00Z"]);
    let iat = segment_json(&token, 1)["iat"].as_i64().unwrap();
    let explain = |at: &str| {
        let out = env.tok().args(["verify", "--explain", "--at", at, &token]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = explain("2030-01-01T00:00:00Z");
    assert!(shown.contains("expires 2030-01-01T01:00:00Z (1h after --at)"), "{shown}");
    assert!(shown.contains("valid since 2029-12-31T21:00:00Z (3h before --at)"), "{shown}");
    assert!(shown.contains("before --at)") && !shown.contains(" ago") && !shown.contains("(in "), "{shown}");
    let shown = explain("2030-01-01T03:00:00Z");
    assert!(shown.contains("token expired 2h before --at (exp 2030-01-01T01:00:00Z)"), "{shown}");
    let at_iat = iat.to_string();
    let out = env.tok().args(["verify", "--at", "2029-12-31T20:30:00Z", &token]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("nbf 2029-12-31T21:00:00Z (30m after --at)"), "{stderr}");
    // At the very second of iat.
    let shown =
        env.tok().args(["verify", "--explain", "--ignore", "nbf", "--at", &at_iat, &token]).output().unwrap();
    assert!(String::from_utf8(shown.stdout).unwrap().contains("(at --at)"));
    // Without --at: relative to now.
    let out = env.tok().args(["verify", "--explain", "--ignore", "nbf", &token]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("expires 2030-01-01T01:00:00Z (in "), "{shown}");
    assert!(!shown.contains("--at"), "{shown}");
}
