//! `coachdesk sync`: fetch what changed in a range (or since the last sync) into the store.

use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::resource::Resource;
use crate::session::{Session, Span};
use crate::store::Store;
use crate::sync::{SyncOptions, SyncProgressInfo, SyncReport};
use chrono::NaiveDateTime;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `coachdesk sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub(crate) connection: super::connection::ConnectionArgs,
    /// The resource, e.g. Aanvragen, Opleidingen, Orderverkoopregels.
    #[arg(long)]
    pub resource: String,
    /// First day (YYYY-MM-DD or DD-MM-YYYY).
    #[arg(
        long,
        required_unless_present = "since_last",
        conflicts_with = "since_last"
    )]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD or DD-MM-YYYY).
    #[arg(
        long,
        required_unless_present = "since_last",
        conflicts_with = "since_last"
    )]
    pub to: Option<String>,
    /// Continue from the last sync (minus the lookback).
    #[arg(long)]
    pub since_last: bool,
    /// Also fetch related records of the synced ones, e.g. Orderverkoopregels:aanvraagid.
    #[arg(long, value_name = "RESOURCE:FIELD")]
    pub related: Option<String>,
    /// Export the synced range afterwards (.csv, .xlsx or .json).
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    /// Records asked per page (the server may give fewer).
    #[arg(long, default_value_t = 100)]
    pub page_size: u64,
    /// Highest skip ever sent.
    #[arg(long, default_value_t = 2_000)]
    pub safe_skip: u64,
    /// Days before the cursor's day that --since-last starts (0 to 3650).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub lookback_days: i64,
    /// Requests in flight at most (1 to 3): the next windows are read while one is committed.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=3))]
    pub parallel: u64,
    /// Per-request timeout in seconds (1 to 3600).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// End stdout with the summary as one JSON object instead of `key=value` fields.
    #[arg(long)]
    pub json: bool,
}

pub use super::days::{day_range, parse_day};

/// The last line of stdout: numbers only (no server text), as `key=value` fields or JSON.
fn summary(r: &SyncReport, json: bool) -> String {
    if json {
        let seconds = (r.seconds * 10.0).round() / 10.0;
        return super::text::json_line(&serde_json::json!({
            "records": r.records,
            "requests": r.requests,
            "bytes": r.bytes,
            "windows": r.windows,
            "seconds": seconds,
            "complete": r.complete,
        }));
    }
    format!(
        "records={} requests={} windows={} seconds={:.1} bytes={}",
        r.records, r.requests, r.windows, r.seconds, r.bytes
    )
}

/// The worded line about what crossed the line (`COACHDESK_LANG`, Dutch by default).
fn received_line(bytes: u64, requests: u64) -> String {
    let lang = crate::i18n::Lang::from_code(
        &std::env::var("COACHDESK_LANG").unwrap_or_else(|_| "nl".into()),
    );
    crate::i18n::format(
        lang,
        "sync.received",
        &[("bytes", &bytes), ("requests", &requests)],
    )
}

/// Runs `coachdesk sync`.
pub fn run(args: SyncArgs) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(run_async(args)),
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run_async(args: SyncArgs) -> ExitCode {
    match sync_command(&args).await {
        Ok(code) => code,
        Err(e) => super::fail(&e, crate::i18n::Lang::En),
    }
}

/// The flags of one `sync`, checked before anything is opened or sent.
struct Checked {
    resource: Resource,
    range: Option<(NaiveDateTime, NaiveDateTime)>,
    related: Option<(Resource, String)>,
}

/// Checks every flag before any request: the resource, the days, `--related` and the export
/// file's extension. A bad flag is [`WorkerError::Input`] (exit 2) and nothing is sent.
fn check(args: &SyncArgs) -> Result<Checked, WorkerError> {
    let resource = Resource::parse(&args.resource)
        .ok_or_else(|| WorkerError::Input(format!("unknown resource '{}'", args.resource)))?;
    let range = match (&args.from, &args.to) {
        (Some(f), Some(t)) => Some(day_range(f, t)?),
        _ => None,
    };
    let related = args.related.as_deref().map(parse_related).transpose()?;
    if let Some(out) = &args.export
        && crate::export::ExportFormat::from_path(out).is_none()
    {
        return Err(WorkerError::Input(format!(
            "{}: use a .csv, .xlsx or .json file name",
            out.display()
        )));
    }
    Ok(Checked {
        resource,
        range,
        related,
    })
}

/// `--related RESOURCE:FIELD`: a known resource and a field name (letters, digits, `_`, `.`; at
/// most 100 characters). An empty or odd field is refused: it would send `where==<ids>`.
pub fn parse_related(spec: &str) -> Result<(Resource, String), WorkerError> {
    let bad = || WorkerError::Input(format!("--related wants RESOURCE:FIELD, got '{spec}'"));
    let (name, field) = spec.split_once(':').ok_or_else(bad)?;
    let related = Resource::parse(name.trim())
        .ok_or_else(|| WorkerError::Input(format!("unknown resource '{name}'")))?;
    let field = field.trim();
    let plausible = !field.is_empty()
        && field.len() <= 100
        && field.starts_with(|c: char| c.is_ascii_alphabetic())
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !plausible {
        return Err(bad());
    }
    Ok((related, field.to_string()))
}

async fn sync_command(args: &SyncArgs) -> Result<ExitCode, WorkerError> {
    let checked = check(args)?;
    // Starts informed (what this tenant is known to do, the last known rate limit) and keeps
    // what it learns when dropped.
    let session = args.connection.session(Some(args.timeout))?;
    session.probe_if_due().await;
    sync_with(args, &session, checked).await
}

async fn sync_with(
    args: &SyncArgs,
    session: &Session,
    checked: Checked,
) -> Result<ExitCode, WorkerError> {
    let Checked {
        resource,
        range,
        related,
    } = checked;
    let store_path = session.folder().records_path();
    let mut store = session.folder().open_store()?;
    let opts = SyncOptions {
        safe_skip: args.safe_skip,
        lookback_days: args.lookback_days.clamp(0, 36_500),
        page_size: args.page_size.clamp(1, 10_000),
        parallel: args.parallel.clamp(1, 3) as usize,
        ..SyncOptions::default()
    };
    let cancel = Cancel::new();
    let mut last_print = crate::clock::Clock::system().instant();
    let mut last_window = u64::MAX;
    let mut told_polite = false;
    let mut told_plan = false;
    let page_size = opts.page_size;
    // 429 waits are printed as they start by the session's wait notice (cli/connection.rs).
    let mut progress = |p: &SyncProgressInfo<'_>| {
        if !told_plan && p.planned {
            told_plan = true;
            eprintln!("{}", planned(p, page_size));
        }
        if p.one_at_a_time && !told_polite {
            told_polite = true;
            let text = crate::i18n::Text::key("sync.one_at_a_time");
            eprintln!("{}", text.in_lang(crate::i18n::Lang::En));
        }
        if p.planned
            && (p.windows_done != last_window
                || crate::clock::Clock::system().since(last_print) >= Duration::from_secs(1))
        {
            last_window = p.windows_done;
            last_print = crate::clock::Clock::system().instant();
            let left = p
                .requests_left
                .map_or_else(|| "?".to_string(), |n| n.to_string());
            eprintln!(
                "window {}/{}  records={}  requests={}  requests left today={left}",
                p.windows_done, p.windows_total, p.records, p.requests
            );
        }
    };
    let span = match range {
        Some((from, to)) => Span::Between { from, to },
        None => Span::SinceLast {
            today: crate::clock::Clock::system().today(),
        },
    };
    let result = session
        .fetch(&mut store, resource, span, opts, &mut progress, &cancel)
        .await;
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            if let Some(r) = e.report() {
                if let Some(m) = r.missing {
                    let missing = [("missing", m.text())];
                    let text = crate::i18n::Text::with("sync.incomplete", missing.to_vec());
                    eprintln!("{}", text.in_lang(crate::i18n::Lang::En));
                }
                println!("{}", summary(r, args.json));
            }
            return Err(e.into());
        }
    };
    eprintln!("stored in {}", store_path.display());
    if let Some((related, field)) = &related {
        let n = fetch_related(
            session,
            &mut store,
            resource,
            (*related, field),
            range,
            &cancel,
        )
        .await?;
        eprintln!("related records: {n}");
    }
    if let Some(out) = &args.export {
        let what = crate::session::StoredExport {
            resource,
            range,
            columns: &[],
            out,
            field_paths: false,
        };
        // The names of the exported id columns: the cache, then batched lookups for the rest.
        let (from, to) = range.unzip();
        let texts = store.record_texts(resource, from, to)?;
        let wanted = crate::session::unnamed_in(&texts, &[]);
        drop(texts);
        let names = session
            .names_for_export(&wanted, &mut |_, _| {}, &cancel)
            .await?;
        eprintln!(
            "names for the export: {} requests, {} ids without a name",
            names.requests, names.without
        );
        let rows = session
            .folder()
            .export_stored(&what, &mut super::export::progress_lines())?;
        eprintln!("exported {rows} rows to {}", out.display());
    }
    let mut final_report = report;
    final_report.requests = session.client().requests_sent();
    final_report.bytes = session.client().bytes_received();
    eprintln!(
        "{}",
        received_line(final_report.bytes, final_report.requests)
    );
    println!("{}", summary(&final_report, args.json));
    Ok(if final_report.complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_TRY_LATER)
    })
}

async fn fetch_related(
    session: &crate::session::Session,
    store: &mut Store,
    resource: Resource,
    (related, field): (Resource, &str),
    range: Option<(NaiveDateTime, NaiveDateTime)>,
    cancel: &Cancel,
) -> Result<usize, WorkerError> {
    let (from, to) = range.unzip();
    let ids: Vec<String> = store
        .records(resource, from, to)?
        .iter()
        .filter_map(crate::api::decode::record_id)
        .collect();
    let rows = session.related(related, field, &ids, cancel).await?;
    store.upsert_records(related, &rows)?;
    Ok(rows.len())
}

/// What the plan expects, said once as the sync starts: the records its counts found, about how
/// many requests that takes (a page each `page_size` records, and one spare per window), and the
/// requests left today; when they will not do, that the sync stops at the daily limit and a
/// `--since-last` run continues where it stopped.
fn planned(p: &SyncProgressInfo<'_>, page_size: u64) -> String {
    let requests = p.expected_records.div_ceil(page_size.max(1)) + p.windows_total;
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("records", &p.expected_records),
        ("windows", &p.windows_total),
        ("requests", &requests),
    ];
    let mut line = crate::i18n::format(crate::i18n::Lang::En, "cli.sync.planned", &args);
    if let Some(left) = p.requests_left {
        let args: [(&str, &dyn std::fmt::Display); 1] = [("left", &left)];
        line.push(' ');
        line.push_str(&crate::i18n::format(
            crate::i18n::Lang::En,
            "cli.sync.left",
            &args,
        ));
        if requests > u64::from(left) {
            line.push(' ');
            line.push_str(&crate::i18n::format(
                crate::i18n::Lang::En,
                "cli.sync.over_limit",
                &[],
            ));
        }
    }
    line
}
