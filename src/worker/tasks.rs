//! One task per long command (test connection, load, estimate, fetch, related, export).

use super::connection::Connection;
use super::jobs::{open_store, partial, progress};
use super::outbox_tasks::{self, OutboxJob};
use super::{Access, Command, Event, EventSender, FetchRange, FetchSummary, RequestId, SaveDialog};
use crate::export::{ExportFormat, ExportOptions};
use crate::i18n;
use crate::job::Cancel;
use crate::message;
use crate::resource::Resource;
use crate::sync::{self, SyncOptions};
use chrono::NaiveTime;
use std::sync::Arc;

/// Runs one command to its end, reporting through `events`.
pub async fn run(
    conn: Arc<Connection>,
    command: Command,
    events: EventSender,
    cancel: Cancel,
    dialog: Arc<dyn SaveDialog>,
) {
    match command {
        Command::TestConnection { req } => test_connection(&conn, req, &events).await,
        Command::Estimate {
            req,
            resource,
            from,
            to,
        } => {
            let from = from.and_time(NaiveTime::MIN);
            let to = to.and_time(NaiveTime::MIN);
            match sync::estimate_requests(&conn.client, resource, from, to, &SyncOptions::default())
                .await
            {
                Ok(estimate) => events.send(Event::Estimate {
                    req,
                    records: estimate.records,
                    requests: estimate.requests,
                }),
                Err(e) => fail_api(&events, req, &e),
            }
        }
        Command::Fetch {
            req,
            resource,
            range,
        } => fetch(&conn, req, resource, range, &events, &cancel).await,
        Command::Related {
            req,
            resource,
            field,
            ids,
        } => match sync::related(&conn.client, resource, &field, &ids, &cancel).await {
            Ok(records) => events.send(Event::Related {
                req,
                resource,
                records,
            }),
            Err(e) => fail_api(&events, req, &e),
        },
        Command::ChooseAndExport {
            req,
            suggested_name,
            format,
            texts,
            options,
        } => {
            export(
                req,
                &suggested_name,
                format,
                texts,
                options,
                dialog,
                &events,
                cancel,
            )
            .await
        }
        Command::Enrol {
            req,
            body,
            reference,
        } => {
            outbox_tasks::run(
                &conn,
                req,
                OutboxJob::Enrol { body, reference },
                &events,
                &cancel,
            )
            .await
        }
        Command::OutboxList { req } => {
            outbox_tasks::run(&conn, req, OutboxJob::List, &events, &cancel).await
        }
        Command::OutboxSendNow { req, id } => {
            outbox_tasks::run(&conn, req, OutboxJob::SendNow(id), &events, &cancel).await
        }
        Command::OutboxDiscard { req, id } => {
            outbox_tasks::run(&conn, req, OutboxJob::Discard(id), &events, &cancel).await
        }
        Command::OutboxUpdate { req, id, body } => {
            outbox_tasks::run(&conn, req, OutboxJob::Update { id, body }, &events, &cancel).await
        }
        Command::OutboxFlush { req } => {
            outbox_tasks::run(&conn, req, OutboxJob::Flush, &events, &cancel).await
        }
        Command::LoadCourses { req } => outbox_tasks::courses(&conn, req, &events, &cancel).await,
        Command::LookupPeople { req, keys } => {
            super::people_tasks::lookup_people(&conn, req, keys, &events, &cancel).await
        }
        Command::SearchCompanies { req, name } => {
            super::people_tasks::search_companies(&conn, req, name, &events).await
        }
        _ => {}
    }
    events.send(Event::RateLimit(conn.client.rate_limit()));
}

fn fail_api(events: &EventSender, req: RequestId, e: &crate::api::ApiError) {
    events.send(Event::Failed {
        req,
        message: Box::new(message::from_api_error(e, i18n::current())),
        keyring: false,
    });
}

fn local(events: &EventSender, req: RequestId, what: &str) {
    events.send(Event::Failed {
        req,
        message: Box::new(message::local_failure(i18n::current(), what)),
        keyring: false,
    });
}

/// "Verbinding testen": the probe (at most a dozen read-only requests) finds what this tenant
/// does; its table, the per-resource access and the stored capabilities come from it.
async fn test_connection(conn: &Connection, req: RequestId, events: &EventSender) {
    if let Err(e) = conn.client.ensure_token().await {
        return fail_api(events, req, &e);
    }
    let report =
        match crate::api::probe::probe(&conn.client, chrono::Local::now().date_naive()).await {
            Ok(report) => report,
            Err(e) => return fail_api(events, req, &e),
        };
    super::connection::save_tenant(conn).await;
    let lang = i18n::current();
    events.send(Event::TenantReport {
        req,
        rows: report.rows(lang),
        text: report.to_text(lang),
    });
    let readable = &report.capabilities.readable;
    let rows = Resource::ALL
        .into_iter()
        .map(|resource| {
            let access = match readable.get(resource.name()) {
                Some(true) => Access::Readable,
                Some(false) => Access::Forbidden {
                    scope: resource.read_scope(),
                },
                None => Access::Failed {
                    message: i18n::t("tenant.unknown").to_string(),
                },
            };
            (resource, access)
        })
        .collect();
    events.send(Event::ConnectionTest { req, rows });
}

async fn fetch(
    conn: &Connection,
    req: RequestId,
    resource: Resource,
    range: FetchRange,
    events: &EventSender,
    cancel: &Cancel,
) {
    let mut store = match open_store(conn) {
        Ok(store) => store,
        Err(e) => {
            local(events, req, &e);
            return events.send(Event::FetchDone {
                req,
                summary: partial(0, 0, 0, e),
            });
        }
    };
    let opts = SyncOptions::default();
    let mut on_progress = |info: &sync::SyncProgressInfo| {
        if !info.batch.is_empty() {
            let mut records = info.batch.to_vec();
            if !info.names.is_empty() {
                // The names that came with the rows show at once (no names request for them).
                let known: std::collections::HashMap<(Resource, &str), _> = info
                    .names
                    .iter()
                    .map(|(r, id, state)| ((*r, id.as_str()), state))
                    .collect();
                let lookup = |r: Resource, id: &str| known.get(&(r, id)).map(|s| (*s).clone());
                for record in &mut records {
                    crate::record::names::annotate_names(record, &lookup);
                }
            }
            events.send(Event::Rows { req, records });
        }
        // A short wait after a 429 shows as a countdown in the job's label.
        let waiting = info.waiting_until.map(|until| {
            let secs = (until - chrono::Utc::now()).num_seconds().max(0);
            i18n::tf("tenant.waiting", &[("secs", &secs)])
        });
        let label = waiting.as_deref().unwrap_or(i18n::t("job.fetch"));
        events.send(Event::Progress {
            req,
            progress: progress(label, info.windows_done, Some(info.windows_total)),
        });
        events.send(Event::RateLimit(conn.client.rate_limit()));
    };
    let job = match range {
        FetchRange::Days { from, to } => Ok(sync::SyncJob::new(
            &conn.client,
            resource,
            from.and_time(NaiveTime::MIN),
            to.and_time(NaiveTime::MIN),
            opts,
        )),
        FetchRange::SinceLastSync => sync::SyncJob::since_last(
            &conn.client,
            &store,
            resource,
            opts,
            chrono::Local::now().date_naive(),
        ),
    };
    let result = match job {
        Ok(job) => job.run(&mut store, &mut on_progress, cancel).await,
        Err(e) => Err(e),
    };
    super::connection::save_tenant(conn).await;
    match result {
        Ok(report) => {
            tracing::info!(
                "fetched {resource}: {} records, {} requests, {} windows, complete={}",
                report.records,
                report.requests,
                report.windows,
                report.complete
            );
            events.send(Event::FetchDone {
                req,
                summary: FetchSummary {
                    records: report.records,
                    requests: report.requests,
                    windows: report.windows,
                    complete: report.complete,
                    missing: report.missing,
                },
            });
        }
        Err(e) => {
            tracing::warn!("fetch of {resource} stopped: {e}");
            let report = e.report().cloned().unwrap_or_default();
            match &e {
                sync::SyncError::Api { error, .. } => fail_api(events, req, error),
                sync::SyncError::NoCursor(_) => local(events, req, i18n::t("browse.no_cursor")),
                sync::SyncError::TooBusy { day, count, .. } => {
                    let text = i18n::tf("tenant.too_busy", &[("day", day), ("count", count)]);
                    local(events, req, &text)
                }
                other => local(events, req, &other.to_string()),
            }
            let missing = report.missing.clone().unwrap_or_else(|| e.to_string());
            events.send(Event::FetchDone {
                req,
                summary: partial(report.records, report.requests, report.windows, missing),
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn export(
    req: RequestId,
    suggested_name: &str,
    format: ExportFormat,
    texts: Vec<Arc<str>>,
    options: ExportOptions,
    dialog: Arc<dyn SaveDialog>,
    events: &EventSender,
    cancel: Cancel,
) {
    let name = suggested_name.to_string();
    let chosen = tokio::task::spawn_blocking(move || dialog.save_path(&name)).await;
    let path = match chosen {
        Ok(Some(path)) => path,
        Ok(None) => {
            // Cancelled by the user: nothing to report but the end of the job.
            events.send(Event::Exported {
                req,
                path: std::path::PathBuf::new(),
                rows: 0,
            });
            return;
        }
        Err(e) => return local(events, req, &e.to_string()),
    };
    let events2 = events.clone();
    let result = tokio::task::spawn_blocking(move || {
        let label = i18n::t("job.export");
        crate::export::export_texts(
            format,
            &path,
            &texts,
            &options,
            &mut |done, total| {
                events2.send(Event::Progress {
                    req,
                    progress: progress(label, done as u64, Some(total as u64)),
                })
            },
            &cancel,
        )
    })
    .await;
    match result {
        Ok(Ok(summary)) => events.send(Event::Exported {
            req,
            path: summary.path,
            rows: summary.rows,
        }),
        Ok(Err(e)) => local(events, req, &e.to_string()),
        Err(e) => local(events, req, &e.to_string()),
    }
}
