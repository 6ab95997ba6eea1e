//! The typed error parsed from the contract's error envelope, the models read from JSON, and
//! Base URL normalization.

use admin_console::api::{
    decode, normalize_base_url, ApiError, ApiKey, ApiKeyStatus, ErrorType, HttpError, Label, OrgRole, Page, User,
    Workspace,
};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn parses_the_error_envelope() {
    let body = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#;
    let error = HttpError::parse(401, Some("req_from_header".into()), None, body);
    assert_eq!(error.status, 401);
    assert_eq!(error.error_type, Some(ErrorType::Authentication));
    assert_eq!(error.message.as_deref(), Some("invalid x-api-key"));
    // The body's id wins over the header's (they are the same on a conforming server).
    assert_eq!(error.request_id.as_deref(), Some("req_011CSHoEeqs5C35K2UUqR7Fy"));
    assert_eq!(error.retry_after_secs, None);
}

#[wasm_bindgen_test]
fn knows_every_error_type_of_the_contract() {
    for (name, expected) in [
        ("invalid_request_error", ErrorType::InvalidRequest),
        ("authentication_error", ErrorType::Authentication),
        ("billing_error", ErrorType::Billing),
        ("permission_error", ErrorType::Permission),
        ("not_found_error", ErrorType::NotFound),
        ("conflict_error", ErrorType::Conflict),
        ("request_too_large", ErrorType::RequestTooLarge),
        ("rate_limit_error", ErrorType::RateLimit),
        ("api_error", ErrorType::Api),
        ("timeout_error", ErrorType::Timeout),
        ("overloaded_error", ErrorType::Overloaded),
        ("teapot_error", ErrorType::Other("teapot_error".into())),
    ] {
        assert_eq!(ErrorType::parse(name), expected, "{name}");
    }
}

#[wasm_bindgen_test]
fn rate_limit_carries_retry_after() {
    let body =
        r#"{"type":"error","error":{"type":"rate_limit_error","message":"Rate limit exceeded"},"request_id":"req_1"}"#;
    let error = HttpError::parse(429, None, Some("17".into()), body);
    assert_eq!(error.error_type, Some(ErrorType::RateLimit));
    assert_eq!(error.retry_after_secs, Some(17));
    assert_eq!(
        error.to_string(),
        "Too many requests: try again in 17 s. The server said: Rate limit exceeded"
    );
}

#[wasm_bindgen_test]
fn the_real_apis_own_statuses_say_what_they_mean() {
    let envelope = |kind: &str, message: &str| {
        format!(r#"{{"type":"error","error":{{"type":"{kind}","message":"{message}"}},"request_id":"req_1"}}"#)
    };
    let billing = HttpError::parse(
        402,
        None,
        None,
        &envelope("billing_error", "Your credit balance is too low"),
    );
    assert_eq!(billing.error_type, Some(ErrorType::Billing));
    assert_eq!(
        billing.to_string(),
        "The organization's account has a billing problem: check its billing and plan in the Claude Console. \
         The server said: Your credit balance is too low"
    );
    let timeout = HttpError::parse(504, None, None, &envelope("timeout_error", "Request timed out"));
    assert_eq!(timeout.error_type, Some(ErrorType::Timeout));
    assert!(timeout
        .to_string()
        .starts_with("The request timed out upstream (status 504)"));
    let overloaded = HttpError::parse(529, None, None, &envelope("overloaded_error", "Overloaded"));
    assert_eq!(overloaded.error_type, Some(ErrorType::Overloaded));
    assert!(overloaded.to_string().starts_with("The API is overloaded (status 529)"));
    // A 429 without retry-after (a spend cap) does not promise a time it does not know.
    let capped = HttpError::parse(429, None, None, &envelope("rate_limit_error", "Spend limit reached"));
    assert_eq!(capped.retry_after_secs, None);
    assert!(capped
        .to_string()
        .starts_with("Too many requests: try again in a minute"));
}

#[wasm_bindgen_test]
fn tolerates_a_body_that_is_not_an_envelope() {
    let error = HttpError::parse(
        502,
        Some("req_hdr".into()),
        Some("soon".into()),
        "<html><body>Bad gateway</body></html>",
    );
    assert_eq!(error.status, 502);
    assert_eq!(error.error_type, None);
    assert_eq!(error.message, None);
    assert_eq!(error.request_id.as_deref(), Some("req_hdr"));
    assert_eq!(error.retry_after_secs, None);
    assert_eq!(error.to_string(), "The server failed (status 502): try again later.");

    let empty = HttpError::parse(404, None, None, "");
    assert_eq!(empty.error_type, None);
    assert_eq!(empty.request_id, None);
}

#[wasm_bindgen_test]
fn tolerates_the_error_code_dialect() {
    let body =
        r#"{"error":{"code":"permission_error","message":"read-only key","status":403,"request_id":"req_inner"}}"#;
    let error = HttpError::parse(403, None, None, body);
    assert_eq!(error.error_type, Some(ErrorType::Permission));
    assert_eq!(error.message.as_deref(), Some("read-only key"));
    assert_eq!(error.request_id.as_deref(), Some("req_inner"));
}

#[wasm_bindgen_test]
fn api_error_tells_network_failure_from_an_answer() {
    let network = ApiError::Network("TypeError: Failed to fetch".into());
    assert_eq!(network.status(), None);
    assert_eq!(network.request_id(), None);
    assert!(network.to_string().starts_with("Could not reach the server"));

    let body = r#"{"type":"error","error":{"type":"not_found_error","message":"no such user"},"request_id":"req_2"}"#;
    let answered = ApiError::Http(HttpError::parse(404, None, None, body));
    assert_eq!(answered.status(), Some(404));
    assert_eq!(answered.request_id(), Some("req_2"));
    assert_eq!(answered.to_string(), "Not found. The server said: no such user");
}

#[wasm_bindgen_test]
fn normalizes_base_urls() {
    for (input, expected) in [
        ("https://api.example.com", "https://api.example.com"),
        ("  https://api.example.com/  ", "https://api.example.com"),
        ("https://api.example.com/v1/", "https://api.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("HTTP://Example.com/admin/", "HTTP://Example.com/admin"),
    ] {
        assert_eq!(normalize_base_url(input).as_deref(), Ok(expected), "{input}");
    }
    for input in [
        "",
        "   ",
        "api.example.com",
        "ftp://example.com",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://example.com/?x=1",
    ] {
        assert!(normalize_base_url(input).is_err(), "{input:?} accepted");
    }
}

#[wasm_bindgen_test]
fn reads_a_page_of_models() {
    let body = r#"{"data":[{"id":"user_1","type":"user","email":"ada@example.com","name":"Ada","role":"claude_code_user","added_at":"2026-01-02T03:04:05Z"}],"has_more":true,"first_id":"user_1","last_id":"user_1"}"#;
    let page: Page<User> = decode(body).unwrap();
    assert!(page.has_more);
    assert_eq!(page.last_id.as_deref(), Some("user_1"));
    assert_eq!(page.data[0].name, "Ada");
    assert_eq!(page.data[0].role, OrgRole::ClaudeCodeUser);
}

#[wasm_bindgen_test]
fn absent_and_null_optional_fields_are_none_and_unknown_names_are_kept_apart() {
    let key: ApiKey = decode(
        r#"{"id":"apikey_1","name":"ci","workspace_id":null,"created_at":"2026-01-01T00:00:00Z","created_by":{"id":"user_1","type":"user"},"status":"suspended","extra":1}"#,
    )
    .unwrap();
    assert_eq!(key.workspace_id, None);
    assert_eq!(key.partial_key_hint, None);
    assert_eq!(key.created_by.map(|c| c.id).as_deref(), Some("user_1"));
    // A status from a newer contract does not fail the list, and keeps its name to be shown.
    assert_eq!(key.status, ApiKeyStatus::Unknown("suspended"));
    assert_eq!(key.status.label(), "suspended");
    // A legacy key: no creator, no hint.
    let legacy: ApiKey = decode(
        r#"{"id":"apikey_2","name":"old","workspace_id":null,"created_at":"2026-01-01T00:00:00Z","created_by":null,"partial_key_hint":null,"status":"active"}"#,
    )
    .unwrap();
    assert_eq!((legacy.created_by, legacy.partial_key_hint), (None, None));
    let page: Page<Workspace> = decode(r#"{"data":[],"has_more":false}"#).unwrap();
    assert_eq!((page.data.len(), page.first_id), (0, None));
}

#[wasm_bindgen_test]
fn a_body_that_breaks_the_contract_names_what_is_wrong() {
    let missing = decode::<Page<User>>(r#"{"data":[{"id":"user_1"}],"has_more":false}"#).unwrap_err();
    assert_eq!(missing, "data[0]: missing field `email`");
    let wrong = decode::<Page<User>>(r#"{"data":{},"has_more":false}"#).unwrap_err();
    assert_eq!(wrong, "data: invalid type: map, expected a sequence");
    let wrong = decode::<Workspace>(r#"{"id":7,"name":"x","created_at":"t"}"#).unwrap_err();
    assert_eq!(wrong, "id: invalid type: integer `7`, expected a string");
    assert_eq!(decode::<User>("<html>").unwrap_err(), "the body is not JSON");
    assert_eq!(
        decode::<User>("[1]").unwrap_err(),
        "[0]: invalid type: integer `1`, expected a string"
    );
}
