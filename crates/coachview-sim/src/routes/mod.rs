//! HTTP routes: token endpoint, list/get per resource, POST Webaanvragen, and the fault layer.
//!
//! Order of checks for `/api/v1/...`: bearer token (401, no rate-limit headers), rate limit
//! (429, not counted), scope (403, counted), then the request itself. Every answer after the
//! token check carries `X-Rate-Limit-Limit`, `-Remaining`, `-Reset`.

use super::dialect::{Dialect, strip_extra_fields};
use super::exec;
use super::faults::ConnKill;
use super::query::{OrderBy, Where};
use super::rate_limit::Verdict;
use super::{Shared, relations, webaanvraag};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use coachview::resource::Resource;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

mod list;

use list::{has_extra_fields, list, list_params};

type Shr = State<Arc<Shared>>;

/// The simulator's router.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/auth/connect/token", post(token))
        .route("/api/v1/{resource}", get(list).post(create))
        .route("/api/v1/{resource}/{id}", get(get_one))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), fault_layer))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            super::parallel::parallel_layer,
        ))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            super::clock::date_layer,
        ))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            super::distance::line_layer,
        ))
        .with_state(shared)
}

pub use super::problem::{json_response, problem};

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "Not Found", "no such endpoint")
}

/// Counts every request, then applies offline, latency, drops, 5xx faults and lost responses.
async fn fault_layer(State(shared): Shr, req: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let kill = req
        .extensions()
        .get::<ConnectInfo<ConnKill>>()
        .map(|c| c.0.clone());
    let cut = |kill: &Option<ConnKill>| {
        if let Some(k) = kill {
            k.kill();
        }
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    };
    if shared.offline.load(Ordering::SeqCst) {
        return cut(&kill);
    }
    let decision = shared.faults().decide();
    if decision.latency_ms > 0 {
        crate::distance::wait(Duration::from_millis(decision.latency_ms)).await;
    }
    if decision.drop {
        return cut(&kill);
    }
    if let Some(code) = decision.fault {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return problem(
            status,
            "Simulated fault",
            "the simulator injected this error",
        );
    }
    let is_post_webaanvraag = req.method() == Method::POST
        && req
            .uri()
            .path()
            .trim_end_matches('/')
            .eq_ignore_ascii_case("/api/v1/Webaanvragen");
    let resp = next.run(req).await;
    if is_post_webaanvraag && decision.lose_response && resp.status() == StatusCode::CREATED {
        return cut(&kill);
    }
    resp
}

async fn token(State(shared): Shr, body: Bytes) -> Response {
    let issued = shared
        .tokens()
        .issue(&shared.clients, &body, shared.cfg.token_lifetime_secs);
    match issued {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err((status, v)) => json_response(status, &v),
    }
}

/// Token, rate limit and scope checks; `Ok` carries the verdict whose headers the answer gets.
fn guard(shared: &Shared, headers: &HeaderMap, scope: &str) -> Result<Verdict, Box<Response>> {
    let grant = shared.tokens().check(headers).map_err(|e| {
        let mut resp = problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "a valid bearer token is required",
        );
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(e.challenge()),
        );
        Box::new(resp)
    })?;
    let now = coachview::clock::Clock::system().now_utc();
    let verdict = shared.limits().check(&grant.client_id, now);
    let dialect = shared.dialect();
    if !verdict.allowed {
        if !dialect.rate_headers_on_429 {
            // AspNetCoreRateLimit: a text/plain body and only Retry-After (seconds); the
            // X-Rate-Limit-* headers come on admitted requests only.
            let mut resp = (
                StatusCode::TOO_MANY_REQUESTS,
                "API calls quota exceeded! maximum admitted 5000 per 1d.",
            )
                .into_response();
            verdict.apply_retry_after(resp.headers_mut(), now);
            return Err(Box::new(resp));
        }
        let mut resp = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "Too Many Requests",
            "the daily request limit is reached; retry after X-Rate-Limit-Reset",
        );
        verdict.apply(resp.headers_mut());
        return Err(Box::new(resp));
    }
    if grant.missing_scope(scope).is_some()
        && dialect.example_data_without_scope
        && scope.ends_with(".Lezen")
    {
        let resp = json_response(StatusCode::OK, &super::dialect::example_page(3));
        return Err(Box::new(with_limits(resp, &verdict, &dialect)));
    }
    if let Some(missing) = grant.missing_scope(scope) {
        let mut resp = json_response(
            StatusCode::FORBIDDEN,
            &json!({"title": "Forbidden", "status": 403,
                    "detail": format!("Missing scope: {missing}"), "scope": missing}),
        );
        if !dialect.retry_after_only {
            verdict.apply(resp.headers_mut());
        }
        return Err(Box::new(resp));
    }
    Ok(verdict)
}

fn with_limits(mut resp: Response, verdict: &Verdict, dialect: &Dialect) -> Response {
    if !dialect.retry_after_only {
        verdict.apply(resp.headers_mut());
    }
    resp
}

fn resource_or_404(name: &str) -> Result<Resource, Box<Response>> {
    Resource::parse(name).ok_or_else(|| {
        Box::new(problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("unknown resource '{name}'"),
        ))
    })
}

/// The resource, or a 404 where this dialect's tenant does not have it.
fn resource_here(shared: &Shared, name: &str) -> Result<Resource, Box<Response>> {
    let resource = resource_or_404(name)?;
    if resource == Resource::Bedrijven && shared.dialect().bedrijven_404 {
        return Err(Box::new(problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("unknown resource '{name}'"),
        )));
    }
    Ok(resource)
}

async fn get_one(
    State(shared): Shr,
    Path((name, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let resource = match resource_here(&shared, &name) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let verdict = match guard(&shared, &headers, &resource.read_scope()) {
        Ok(v) => v,
        Err(resp) => return *resp,
    };
    let params = list_params(raw.as_deref());
    let dialect = shared.dialect();
    let relations = match dialect
        .extra_fields(params.extra)
        .and_then(|()| dialect.relations(params.relations))
    {
        Ok(e) => e,
        Err(e) => {
            let resp = problem(StatusCode::BAD_REQUEST, "Bad Request", &e);
            return with_limits(resp, &verdict, &dialect);
        }
    };
    let state = shared.read();
    let found = state
        .table(resource)
        .and_then(|t| t.get(&id))
        .map(|r| r.value());
    let resp = match found {
        Some(mut v) => {
            if relations {
                relations::embed(&state, &mut v);
            }
            if !params.extra
                && has_extra_fields(resource)
                && let Value::Object(map) = &mut v
            {
                for f in super::dialect::EXTRA_FIELDS {
                    map.remove(f);
                }
            }
            json_response(StatusCode::OK, &v)
        }
        None => problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("{} '{id}' does not exist", resource.name()),
        ),
    };
    with_limits(resp, &verdict, &dialect)
}

async fn create(
    State(shared): Shr,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let resource = match resource_or_404(&name) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    if resource != Resource::Webaanvragen {
        return problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed",
            &format!("POST is not supported on {}", resource.name()),
        );
    }
    let verdict = match guard(&shared, &headers, &resource.write_scope()) {
        Ok(v) => v,
        Err(resp) => return *resp,
    };
    let resp = match webaanvraag::create(&shared, &body) {
        Ok(created) => json_response(StatusCode::CREATED, &created),
        Err(problem) => json_response(StatusCode::BAD_REQUEST, &problem),
    };
    with_limits(resp, &verdict, &shared.dialect())
}
