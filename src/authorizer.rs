//! What AWS authorizers answer for a verified (or refused) token: the HTTP API JWT
//! authorizer's status and `www-authenticate`, and a Lambda authorizer's IAM policy response.

use crate::checks::{Check, Report, Status};
use serde_json::{json, Map, Value};

/// What the HTTP API JWT authorizer answers. Only the audience wording is published by AWS;
/// the other descriptions follow its style.
pub fn http_api_answer(report: &Report) -> Value {
    let failures: Vec<&Check> = report.with_status(Status::Fail).collect();
    if failures.is_empty() {
        let claims: Map<String, Value> = report
            .claims
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), Value::String(gateway_string(v))))
            .collect();
        return json!({"status": 200, "claims": claims});
    }
    if failures.iter().all(|c| c.name == "scope") {
        return json!({
            "status": 403,
            "body": {"message": "Forbidden"},
            "www-authenticate": "Bearer scope=\"\" error=\"insufficient_scope\" error_description=\"the token does not have the required scopes\"",
            "errors": report.errors_json(),
        });
    }
    let description = match failures.iter().find(|c| c.name != "scope").map(|c| c.name) {
        Some("aud") => "the token does not have a valid audience",
        Some("iss") => "the token does not have a valid issuer",
        Some("exp") => "the token has expired",
        Some("nbf" | "iat") => "the token is not valid yet",
        _ => "the token is invalid",
    };
    json!({
        "status": 401,
        "body": {"message": "Unauthorized"},
        "www-authenticate": format!("Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\""),
        "errors": report.errors_json(),
    })
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

/// The response a REST API Lambda authorizer returns (the seeds' authorizers): Allow with the
/// claims as `context` (strings, numbers, booleans; anything else JSON-encoded), or Deny.
pub fn lambda_policy(report: &Report, method_arn: &str) -> Value {
    let valid = report.valid();
    let claims = report.claims.as_ref();
    let principal = claims.and_then(|c| c.get("sub")).and_then(Value::as_str).unwrap_or("user");
    let mut response = json!({
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": if valid { "Allow" } else { "Deny" },
                "Resource": method_arn,
            }],
        },
    });
    if valid {
        let context: Map<String, Value> = claims
            .into_iter()
            .flatten()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let flat = match v {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => v.clone(),
                    other => Value::String(other.to_string()),
                };
                (k.clone(), flat)
            })
            .collect();
        response["context"] = Value::Object(context);
    }
    response
}
