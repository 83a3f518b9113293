
use builtin;
use str;

set edit:completion:arg-completer[tok] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tok'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tok'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Create an RSA keypair in the keyring (or in a directory)'
            cand keys 'List and show the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keygen'= {
            cand --bits 'Key size in bits: 2048, 3072 or 4096'
            cand --name 'Name of the key in the keyring'
            cand --out 'Write DIR/private.pem and DIR/public.pem instead of into the keyring'
            cand --force 'Replace an existing key of that name (the old private key is lost)'
            cand --jwk 'Print the public key as a JWK on stdout (the summary then goes to stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keys;list'= {
            cand --json 'Print a JSON array'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;show'= {
            cand --key 'A key file (PEM private, public or certificate; or an RSA JWK) instead of a keyring name'
            cand --jwk 'Print the public key as a JWK'
            cand --pem 'Print the public key as SPKI PEM'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;help'= {
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keys;help;list'= {
        }
        &'tok;keys;help;show'= {
        }
        &'tok;keys;help;help'= {
        }
        &'tok;sign'= {
            cand --sub 'Subject (`sub`); repeat to sign one token per subject'
            cand --subs-from 'Read subjects from FILE (or - for stdin), one a line; blank lines are skipped'
            cand --ttl 'Lifetime: exp = now + TTL [default: 1h]'
            cand --exp 'Absolute expiry (`exp`)'
            cand --nbf 'Not before (`nbf`)'
            cand --iss 'Issuer (`iss`)'
            cand --aud 'Audience (`aud`); repeat for several (then an array)'
            cand --scope 'Scope; repeat for several (space-joined into `scope`)'
            cand --jti 'JWT ID (`jti`); without a value, a random one per token'
            cand --typ 'Header `typ` (e.g. at+jwt)'
            cand --claim 'A claim: key=value (string) or key:=JSON (raw JSON); repeatable'
            cand --claims 'Merge claims from a JSON object in FILE (or - for stdin); flags win over it'
            cand --key 'Signing key: a keyring name or a PEM file (PKCS#8 or PKCS#1) [default: default]'
            cand --alg 'RS256, RS384, RS512, PS256, PS384, PS512, HS256, HS384 or HS512 [default: RS256, or HS256 with a secret]'
            cand --secret-file 'Read the HMAC secret from a file (one trailing newline is ignored)'
            cand --url 'Print URL with the token as its `token` query parameter (for WebSocket clients)'
            cand --no-kid 'Leave `kid` out of the header'
            cand --secret-stdin 'Read the HMAC secret from stdin'
            cand --insecure 'Allow an HMAC secret shorter than the hash (RFC 7518 §3.2), for legacy authorizers'
            cand --json 'Print {"token","header","claims"} instead of the bare token'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;verify'= {
            cand --key 'Key: a keyring name, or a PEM file (public, certificate or private) or RSA JWK [default: default]'
            cand --jwks 'A JWK Set or single JWK file; the key is selected by the token''s kid'
            cand --secret-file 'Read the HMAC secret from a file (one trailing newline is ignored)'
            cand --alg 'Allowed algorithm(s), narrowing what the key allows; repeatable'
            cand --iss 'Expected issuer (exact string match)'
            cand --aud 'Accepted audience; repeatable (any one must match)'
            cand --scope 'Required scope; repeatable (all must be present in `scope` or `scp`)'
            cand --sub 'Expected subject'
            cand --require 'A claim that must be present; repeatable (e.g. --require exp)'
            cand --leeway 'Clock skew allowed for exp, nbf and iat'
            cand --at 'Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)'
            cand --secret-stdin 'Read the HMAC secret from stdin'
            cand --explain 'Print every check with ✓/✗ and the values'
            cand --json 'Print {"valid":…,"header":…,"claims":…} (and "errors" when invalid)'
            cand -q 'Print nothing; the exit code tells'
            cand --quiet 'Print nothing; the exit code tells'
            cand --each 'Read tokens from stdin, one a line; write one result a line in the same order'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;decode'= {
            cand --json 'Print {"header","claims","times","signature_verified":false}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;help'= {
            cand keygen 'Create an RSA keypair in the keyring (or in a directory)'
            cand keys 'List and show the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;help;keygen'= {
        }
        &'tok;help;keys'= {
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
        }
        &'tok;help;keys;list'= {
        }
        &'tok;help;keys;show'= {
        }
        &'tok;help;sign'= {
        }
        &'tok;help;verify'= {
        }
        &'tok;help;decode'= {
        }
        &'tok;help;completions'= {
        }
        &'tok;help;help'= {
        }
    ]
    $completions[$command]
}
