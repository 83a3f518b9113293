//! What AWS authorizers answer for a verified (or refused) token: the HTTP API JWT
//! authorizer's status and `www-authenticate`, and a Lambda authorizer's IAM policy response.

use crate::checks::{Check, Policy, Report, Status};
use crate::jws::{Alg, Family};
use serde_json::{json, Map, Value};

/// The HTTP API JWT authorizer's verdict on one request: what `verify --gateway http-api`
/// prints and what `tok gateway` answers, from this one function.
pub struct JwtVerdict {
    /// 200 (the request goes on), 401 or 403.
    pub status: u16,
    /// The refusal's body, `{"message":"Unauthorized"}` or `{"message":"Forbidden"}`.
    pub body: Option<Value>,
    pub www_authenticate: Option<String>,
    /// Why, for a log line: each failed check and its message (never the token); empty when
    /// accepted.
    pub reason: String,
    /// The claims as the integration gets them (`$context.authorizer.claims.*`): every value a
    /// string. Empty when refused.
    pub claims: Map<String, Value>,
}

pub fn unauthorized() -> Value {
    json!({"message": "Unauthorized"})
}

/// The verdict for a token API Gateway verified (`report`, made under [`apply_jwt_rules`]).
/// Only the audience wording is published by AWS; the other descriptions follow its style.
pub fn jwt_verdict(report: &Report) -> JwtVerdict {
    let failures: Vec<&Check> = report.with_status(Status::Fail).collect();
    let reason = failures.iter().map(|c| format!("{}: {}", c.name, c.detail)).collect::<Vec<_>>().join("; ");
    if failures.is_empty() {
        let claims = report
            .claims
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), Value::String(gateway_string(v))))
            .collect();
        return JwtVerdict { status: 200, body: None, www_authenticate: None, reason, claims };
    }
    if failures.iter().all(|c| c.name == "scope") {
        return JwtVerdict {
            status: 403,
            body: Some(json!({"message": "Forbidden"})),
            www_authenticate: Some(
                "Bearer scope=\"\" error=\"insufficient_scope\" error_description=\"the token does not have the required scopes\"".into(),
            ),
            reason,
            claims: Map::new(),
        };
    }
    let description = match failures.iter().find(|c| c.name != "scope").map(|c| c.name) {
        Some("aud") => "the token does not have a valid audience",
        Some("iss") => "the token does not have a valid issuer",
        Some("exp") => "the token has expired",
        Some("nbf" | "iat") => "the token is not valid yet",
        _ => "the token is invalid",
    };
    JwtVerdict {
        status: 401,
        body: Some(unauthorized()),
        www_authenticate: Some(format!(
            "Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\""
        )),
        reason,
        claims: Map::new(),
    }
}

/// What the HTTP API JWT authorizer answers, as `verify --gateway http-api` prints it.
pub fn http_api_answer(report: &Report) -> Value {
    let verdict = jwt_verdict(report);
    if verdict.status == 200 {
        return json!({"status": 200, "claims": verdict.claims});
    }
    json!({
        "status": verdict.status,
        "body": verdict.body,
        "www-authenticate": verdict.www_authenticate,
        "errors": report.errors_json(),
    })
}

/// The JWT authorizer's rules on top of a policy: RSA algorithms only, no clock leeway, a kid
/// even when the set holds one key, and any one of the route's scopes.
pub fn apply_jwt_rules(policy: &mut Policy) -> Result<(), &'static str> {
    if policy.algs.iter().any(|a| a.family() == Family::Hmac) {
        return Err("API Gateway's JWT authorizer accepts only RSA algorithms");
    }
    if policy.algs.is_empty() {
        policy.algs = Alg::ALL.into_iter().filter(|a| a.family() == Family::Rsa).collect();
    }
    if policy.leeway != 0 {
        return Err("API Gateway's JWT authorizer allows no --leeway");
    }
    policy.require_kid = true;
    policy.scope_any = true;
    Ok(())
}

/// The token in an identity source's value: "only the token, or the token prefixed with
/// `Bearer`" (AWS). None when nothing is left.
pub fn identity_token(value: &str) -> Option<&str> {
    let value = value.trim();
    let token = match value.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => value[7..].trim_start(),
        _ => value,
    };
    (!token.is_empty()).then_some(token)
}

/// Claims as the gateway hands them to the integration: every value a string.
fn gateway_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            format!("[{}]", items.iter().map(gateway_string).collect::<Vec<_>>().join(" "))
        }
        other => other.to_string(),
    }
}

/// The principalId of a Deny: nothing of a token that failed verification is passed on.
pub const DENY_PRINCIPAL: &str = "unauthorized";

/// The response a REST API Lambda authorizer returns (the seeds' authorizers): Allow with the
/// claims as `context` (strings, numbers, booleans; anything else JSON-encoded), or Deny.
pub fn lambda_policy(report: &Report, resource: &str) -> Value {
    let valid = report.valid();
    let claims = report.claims.as_ref().filter(|_| valid);
    let principal = match claims {
        Some(c) => c.get("sub").and_then(Value::as_str).unwrap_or("user"),
        None => DENY_PRINCIPAL,
    };
    let mut response = json!({
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": if valid { "Allow" } else { "Deny" },
                "Resource": resource,
            }],
        },
    });
    if let Some(claims) = claims {
        let context: Map<String, Value> =
            claims.iter().filter_map(|(k, v)| Some((k.clone(), context_value(v)?.0))).collect();
        response["context"] = Value::Object(context);
    }
    response
}

/// A claim as a context value, and whether it had to be JSON-encoded (the context takes only
/// strings, numbers and booleans; API Gateway answers 500 for a nested value).
fn context_value(v: &Value) -> Option<(Value, bool)> {
    match v {
        Value::Null => None,
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some((v.clone(), false)),
        other => Some((Value::String(other.to_string()), true)),
    }
}

/// The claims `lambda_policy` JSON-encoded into the context of an Allow.
pub fn encoded_claims(report: &Report) -> Vec<&str> {
    let claims = report.claims.iter().flatten().filter(|_| report.valid());
    claims
        .filter(|(_, v)| context_value(v).is_some_and(|(_, encoded)| encoded))
        .map(|(k, _)| k.as_str())
        .collect()
}

const ARN_FORM: &str = "expected the authorizer event's methodArn: \
    arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE/METHOD/PATH (REST) or \
    arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE/ROUTE such as $connect (WebSocket)";

/// An execute-api method ARN, or why not. Wildcards (`*`) are accepted where a policy may use them.
pub fn check_method_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(format!("{arn:?} is not an execute-api ARN; {ARN_FORM}"));
    };
    if *prefix != "arn" || !partition.starts_with("aws") {
        return Err(format!("{arn:?} is not an execute-api ARN; {ARN_FORM}"));
    }
    if *service != "execute-api" {
        return Err(format!("{arn:?} is an ARN of {service:?}, not execute-api; {ARN_FORM}"));
    }
    let region_ok =
        |r: &str| r == "*" || r.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if region.is_empty() || !region_ok(region) {
        return Err(format!(
            "region {region:?} of the execute-api ARN is not a region such as us-east-1; {ARN_FORM}"
        ));
    }
    if *account != "*" && (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!("account {account:?} of the execute-api ARN is not a 12-digit AWS account id"));
    }
    let segments: Vec<&str> = resource.split('/').collect();
    if segments.len() < 3 || segments[..3].iter().any(|s| s.is_empty()) {
        return Err(format!("{resource:?} in the execute-api ARN is not API_ID/STAGE/…; {ARN_FORM}"));
    }
    Ok(())
}

/// The ARN with every method and path of its stage (`API_ID/STAGE/*/*`; `API_ID/STAGE/*` for a
/// WebSocket route): API Gateway caches an authorizer's policy by token, so a policy naming one
/// method answers 403 when the same token calls another while the cache lasts.
pub fn wildcard_resource(arn: &str) -> String {
    // Paths may hold ':', so the resource is what follows the fifth one.
    let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
    let resource = parts.pop().unwrap_or_default();
    let head = parts.join(":");
    let segments: Vec<&str> = resource.split('/').collect();
    let tail = if segments.len() <= 3 { "*" } else { "*/*" };
    format!("{head}:{}/{}/{tail}", segments[0], segments.get(1).unwrap_or(&"*"))
}

/// What API Gateway makes of a Lambda authorizer's policy for one method ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyDecision {
    Allow,
    /// A Deny statement matches: 403 "… with an explicit deny".
    ExplicitDeny,
    /// No statement matches: 403 "User is not authorized to access this resource".
    ImplicitDeny,
}

impl PolicyDecision {
    /// The status and body API Gateway answers (KC "api-gateway-403-error-lambda-authorizer").
    pub fn refusal(self) -> Option<(u16, Value)> {
        match self {
            PolicyDecision::Allow => None,
            PolicyDecision::ExplicitDeny => Some((
                403,
                json!({"message": "User is not authorized to access this resource with an explicit deny"}),
            )),
            PolicyDecision::ImplicitDeny => {
                Some((403, json!({"message": "User is not authorized to access this resource"})))
            }
        }
    }
}

/// Evaluate a Lambda authorizer response's `policyDocument` for `method_arn`: an explicit Deny
/// wins, an Allow is needed, silence denies (IAM evaluation).
pub fn evaluate_policy(response: &Value, method_arn: &str) -> PolicyDecision {
    let statements = match &response["policyDocument"]["Statement"] {
        Value::Array(items) => items.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => Vec::new(),
    };
    let mut allowed = false;
    for statement in &statements {
        let resources: Vec<&str> = match &statement["Resource"] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !resources.iter().any(|r| arn_matches(r, method_arn)) {
            continue;
        }
        match statement["Effect"].as_str() {
            Some("Deny") => return PolicyDecision::ExplicitDeny,
            Some("Allow") => allowed = true,
            _ => {}
        }
    }
    if allowed {
        PolicyDecision::Allow
    } else {
        PolicyDecision::ImplicitDeny
    }
}

/// IAM resource matching: `*` any run of characters (`/` included), `?` any one character.
pub fn arn_matches(pattern: &str, arn: &str) -> bool {
    let (p, a): (Vec<char>, Vec<char>) = (pattern.chars().collect(), arn.chars().collect());
    let (mut pi, mut ai, mut star, mut mark) = (0, 0, None, 0);
    while ai < a.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == a[ai]) {
            pi += 1;
            ai += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ai;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ai = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A Lambda authorizer's `context` as strings, as integrations and `$context.authorizer.KEY`
/// see it.
pub fn context_strings(response: &Value) -> Map<String, Value> {
    let mut out: Map<String, Value> = match &response["context"] {
        Value::Object(context) => context
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), Value::String(text))
            })
            .collect(),
        _ => Map::new(),
    };
    if let Some(principal) = response["principalId"].as_str() {
        out.insert("principalId".into(), Value::String(principal.into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_wildcards_as_iam() {
        let arn = "arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/rooms/1";
        assert!(arn_matches(arn, arn));
        assert!(arn_matches("arn:aws:execute-api:us-east-1:*:abc/*", arn), "* spans /");
        assert!(arn_matches("arn:aws:execute-api:us-east-1:123456789012:abc/dev/*/*", arn));
        assert!(arn_matches("arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/rooms/?", arn));
        assert!(!arn_matches("arn:aws:execute-api:us-east-1:123456789012:abc/dev/POST/*", arn));
        assert!(!arn_matches("arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/rooms", arn));
    }

    #[test]
    fn deny_wins_allow_needed() {
        let arn = "arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/x";
        let policy = |statements: Value| json!({"policyDocument": {"Statement": statements}});
        let allow =
            json!({"Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc/dev/*"});
        let deny = json!({"Effect": "Deny", "Resource": [arn]});
        assert_eq!(evaluate_policy(&policy(json!([allow])), arn), PolicyDecision::Allow);
        assert_eq!(evaluate_policy(&policy(json!([allow, deny])), arn), PolicyDecision::ExplicitDeny);
        assert_eq!(evaluate_policy(&policy(json!([])), arn), PolicyDecision::ImplicitDeny);
    }
}
