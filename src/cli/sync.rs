//! `coachdesk sync`: fetch what changed in a range (or since the last sync) into the store.

use crate::api::Client;
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
use std::time::{Duration, Instant};

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
    /// Per-request timeout in seconds (1 to 3600).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

pub use super::days::{day_range, parse_day};

fn summary(r: &SyncReport) -> String {
    format!(
        "records={} requests={} windows={} seconds={:.1}",
        r.records, r.requests, r.windows, r.seconds
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

async fn sync_command(args: &SyncArgs) -> Result<ExitCode, WorkerError> {
    let resource = Resource::parse(&args.resource)
        .ok_or_else(|| WorkerError::Input(format!("unknown resource '{}'", args.resource)))?;
    // Starts informed (what this tenant is known to do, the last known rate limit) and keeps
    // what it learns when dropped.
    let session = args.connection.session(Some(args.timeout))?;
    sync_with(args, &session, resource).await
}

async fn sync_with(
    args: &SyncArgs,
    session: &Session,
    resource: Resource,
) -> Result<ExitCode, WorkerError> {
    let store_path = session.folder().records_path();
    let mut store = session.folder().open_store()?;
    let opts = SyncOptions {
        safe_skip: args.safe_skip,
        lookback_days: args.lookback_days.clamp(0, 36_500),
        page_size: args.page_size.clamp(1, 10_000),
        ..SyncOptions::default()
    };
    let range = match (&args.from, &args.to) {
        (Some(f), Some(t)) => Some(day_range(f, t)?),
        _ => None,
    };
    let cancel = Cancel::new();
    let mut last_print = Instant::now();
    let mut last_window = u64::MAX;
    // 429 waits are printed as they start by the session's wait notice (cli/connection.rs).
    let mut progress = |p: &SyncProgressInfo<'_>| {
        if p.windows_done != last_window || last_print.elapsed() >= Duration::from_secs(1) {
            last_window = p.windows_done;
            last_print = Instant::now();
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
            today: chrono::Local::now().date_naive(),
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
                println!("{}", summary(r));
            }
            return Err(e.into());
        }
    };
    eprintln!("stored in {}", store_path.display());
    if let Some(spec) = &args.related {
        let n = fetch_related(session.client(), &mut store, resource, spec, range, &cancel).await?;
        eprintln!("related records: {n}");
    }
    if let Some(out) = &args.export {
        let (from, to) = range.unzip();
        let rows = super::export::export_from_store(&store, resource, from, to, &[], out)?;
        eprintln!("exported {rows} rows to {}", out.display());
    }
    let mut final_report = report;
    final_report.requests = session.client().requests_sent();
    println!("{}", summary(&final_report));
    Ok(if final_report.complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

async fn fetch_related(
    client: &Client,
    store: &mut Store,
    resource: Resource,
    spec: &str,
    range: Option<(NaiveDateTime, NaiveDateTime)>,
    cancel: &Cancel,
) -> Result<usize, WorkerError> {
    let (name, field) = spec.split_once(':').ok_or_else(|| {
        WorkerError::Input(format!("--related wants RESOURCE:FIELD, got '{spec}'"))
    })?;
    let related = Resource::parse(name)
        .ok_or_else(|| WorkerError::Input(format!("unknown resource '{name}'")))?;
    let (from, to) = range.unzip();
    let ids: Vec<String> = store
        .records(resource, from, to)?
        .iter()
        .filter_map(crate::api::decode::record_id)
        .collect();
    let rows = crate::sync::related(client, related, field, &ids, cancel).await?;
    store.upsert_records(related, &rows)?;
    Ok(rows.len())
}
