//! The simulator's JSON answers: a body with its content type, and RFC 7807 problem details.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A JSON response.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

/// An RFC 7807 ProblemDetails response.
pub fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    json_response(
        status,
        &json!({"type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail}),
    )
}
