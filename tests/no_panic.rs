//! Property test: whatever arrives as a token, decode and verify answer with an exit code
//! and a `tok:` message — never a panic.

mod common;

use common::{b64, Env};
use proptest::prelude::*;

fn check(env: &Env, cmd: &str, input: &[u8]) -> Result<(), TestCaseError> {
    let out = env.tok().arg(cmd).write_stdin(input.to_vec()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    prop_assert!(matches!(code, Some(0..=2)), "{cmd}: exit {code:?}, stderr {stderr}");
    prop_assert!(!stderr.contains("panicked"), "{cmd} panicked: {stderr}");
    if code != Some(0) {
        prop_assert!(stderr.lines().all(|l| l.starts_with("tok: ")), "{cmd}: {stderr}");
    }
    Ok(())
}

/// Segments that are almost right: base64url of JSON-like text, mangled a little.
fn near_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_=+/-]{0,40}",
        prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| b64(&b)),
        r#"\{("[a-z]{1,4}":("[A-Za-z0-9 ]{0,8}"|-?[0-9]{1,12}|\[\]|null|true|\{\}),?){0,4}\}"#
            .prop_map(|j| b64(j.as_bytes())),
        Just(b64(br#"{"alg":"RS256","typ":"JWT"}"#)),
        Just(b64(br#"{"alg":"HS256","crit":[1]}"#)),
        Just(b64(br#"{"alg":"none"}"#)),
        Just(b64(br#"{"exp":1e400,"iat":-99999999999999999999,"aud":[[]],"scope":5}"#)),
        Just(b64(br#"{"exp":-9223372036854775808,"nbf":1e300,"iat":18446744073709551615}"#)),
        Just(b64(br#"{"exp":-1e300,"nbf":-9223372036854775808,"scp":[1,"a"]}"#)),
    ]
}

fn near_token() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(near_segment(), 1..6),
        prop_oneof![Just(""), Just("Bearer "), Just("Authorization: Bearer "), Just("wss://h/?token=")],
    )
        .prop_map(|(segments, prefix)| format!("{prefix}{}", segments.join(".")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..300)) {
        let env = ENV.with(|e| e.clone());
        check(&env, "decode", &input)?;
        check(&env, "verify", &input)?;
    }

    #[test]
    fn near_tokens_never_panic(token in near_token()) {
        let env = ENV.with(|e| e.clone());
        check(&env, "decode", token.as_bytes())?;
        check(&env, "verify", token.as_bytes())?;
    }
}

thread_local! {
    static ENV: std::rc::Rc<Env> = {
        let env = Env::new();
        env.keygen("default");
        std::rc::Rc::new(env)
    };
}
