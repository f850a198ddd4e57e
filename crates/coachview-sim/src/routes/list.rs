//! `GET /api/v1/<Resource>`: the list route with its query parameters (`where`, `orderby`,
//! `skip`, `take`, the inclusion flags), the dialect's departures and the row cost of a page.

use super::*;

/// The query parameters of a list GET (names case-insensitive, unknown ones ignored).
#[derive(Debug, Default)]
pub(super) struct ListParams {
    filter: Option<String>,
    orderby: Option<String>,
    skip: Option<String>,
    take: Option<String>,
    count: bool,
    pub(super) relations: bool,
    pub(super) extra: bool,
}

pub(super) fn list_params(raw: Option<&str>) -> ListParams {
    let mut p = ListParams::default();
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let truthy = v.trim().eq_ignore_ascii_case("true");
        match k.to_ascii_lowercase().as_str() {
            "where" => p.filter = Some(v.into_owned()),
            "orderby" => p.orderby = Some(v.into_owned()),
            "skip" => p.skip = Some(v.into_owned()),
            "take" => p.take = Some(v.into_owned()),
            "count" => p.count = truthy,
            "inclusiefdirecterelaties" => p.relations = truthy,
            "inclusiefextravelden" => p.extra = truthy,
            _ => {}
        }
    }
    p
}

fn parse_count(name: &str, v: Option<&str>) -> Result<Option<usize>, String> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<usize>()
            .map(Some)
            .map_err(|_| format!("{name} must be a whole number >= 0, got '{s}'")),
    }
}

pub(super) async fn list(
    State(shared): Shr,
    Path(name): Path<String>,
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
    let dialect = shared.dialect();
    let bad = |detail: &str| {
        with_limits(
            problem(StatusCode::BAD_REQUEST, "Bad Request", detail),
            &verdict,
            &dialect,
        )
    };
    let params = list_params(raw.as_deref());
    let (skip, take) = match (
        parse_count("skip", params.skip.as_deref()),
        parse_count("take", params.take.as_deref()),
    ) {
        (Ok(s), Ok(t)) => (s.unwrap_or(0), t.unwrap_or(shared.cfg.max_take)),
        (Err(e), _) | (_, Err(e)) => return bad(&e),
    };
    let take = take.min(shared.cfg.max_take).min(dialect.cap_for(resource));
    let embed = match dialect.relations(params.relations) {
        Ok(e) => e,
        Err(e) => return bad(&e),
    };
    if let Err(e) = dialect.extra_fields(params.extra) {
        return bad(&e);
    }
    let filter_text =
        match dialect.adjust_filter(resource, params.filter.as_deref().unwrap_or_default()) {
            Ok(f) => f,
            Err(e) => return bad(&e),
        };
    if dialect.times_out(&filter_text, params.count, take) {
        return with_limits(
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "The operation timed out.",
            ),
            &verdict,
            &dialect,
        );
    }
    let skip_cost =
        |n: usize| Duration::from_micros(shared.cfg.skip_cost_us.saturating_mul(n as u64));
    if skip > shared.cfg.max_skip {
        let wait = skip_cost(shared.cfg.max_skip)
            .clamp(Duration::from_millis(50), Duration::from_millis(1500));
        crate::distance::wait(wait).await;
        return with_limits(
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "The operation timed out.",
            ),
            &verdict,
            &dialect,
        );
    }
    let mut embedded = 0;
    let page = {
        let state = shared.read();
        let Some(table) = state.table(resource) else {
            return with_limits(
                json_response(StatusCode::OK, &json!([])),
                &verdict,
                &dialect,
            );
        };
        let parsed = Where::parse(&filter_text, &table.schema).and_then(|w| {
            let played = params
                .orderby
                .as_deref()
                .map(|o| crate::dialect::order_played(&dialect, o));
            match played.as_deref().map(str::trim) {
                None | Some("") => Ok((w, None)),
                Some(o) => OrderBy::parse(o, &table.schema).map(|o| (w, Some(o))),
            }
        });
        let (filter, order) = match parsed {
            Ok(p) => p,
            Err(e) => return bad(&e.to_string()),
        };
        let counted = params.count || dialect.count_always;
        let mut page = exec::list(table, &filter, order.as_ref(), skip, take, counted);
        if embed {
            for item in &mut page.items {
                if let Ok(mut v) = serde_json::from_str::<Value>(item) {
                    embedded += relations::embed(&state, &mut v);
                    *item = v.to_string();
                }
            }
        }
        if !params.extra && has_extra_fields(resource) {
            for item in &mut page.items {
                *item = strip_extra_fields(item);
            }
        }
        if dialect.drop_rows && page.items.len() >= 2 {
            page.items.remove(page.items.len() / 2);
        }
        page
    };
    let delay = skip_cost(skip) + shared.line.row_delay(page.items.len(), embedded);
    crate::distance::wait(delay).await;
    let mut body = String::with_capacity(page.items.iter().map(|i| i.len() + 1).sum::<usize>() + 2);
    if !(params.count && dialect.count_empty_body) {
        body.push('[');
        body.push_str(&page.items.join(","));
        body.push(']');
    }
    let mut resp = Response::new(Body::from(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Some(total) = page.total {
        resp.headers_mut()
            .insert("rowcount", HeaderValue::from(total as u64));
    }
    with_limits(resp, &verdict, &dialect)
}

/// Resources whose records carry computed fields that need `InclusiefExtraVelden=true`.
pub(super) fn has_extra_fields(resource: Resource) -> bool {
    matches!(
        resource,
        Resource::Opleidingen | Resource::Opleidingsonderdelen | Resource::Opleidingssoorten
    )
}
