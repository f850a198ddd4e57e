//! The worker's answers the change browser handles, each matched by name (no catch-all); an
//! answer to a request that is no longer waited for is dropped.

use super::BrowseState;
use crate::record::TableModel;
use crate::record::names::{NameState, NamesFailure};
use crate::resource::Resource;
use crate::store::StoredVersion;
use crate::worker::{FetchSummary, RequestId};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::PathBuf;

/// A worker answer meant for the browser (the app routes each `worker::Event` here by name).
#[derive(Debug)]
pub enum BrowseEvent {
    /// A page of stored records as JSON text: the answer to `LoadStored`, in pages.
    StoredJson {
        /// The request this answers.
        req: RequestId,
        /// The resource the records belong to.
        resource: Resource,
        /// This page's stored records as JSON text, with what changed (language-free).
        texts: Vec<String>,
        /// When this resource was last synced; `None` if never.
        as_of: Option<DateTime<Utc>>,
        /// Stored records outside the days asked (not loaded).
        outside: u64,
        /// Stored records within the days asked (all pages together).
        within: u64,
        /// True on the last page.
        done: bool,
        /// Dropped once the page is taken: the worker sends the next one then.
        ticket: crate::worker::pages::PageTicket,
    },
    /// The estimated cost of a fetch.
    Estimate {
        /// The request this answers.
        req: RequestId,
        /// The records expected.
        records: u64,
        /// The requests the fetch would make.
        requests: u64,
    },
    /// Rows that arrived during a fetch.
    Rows {
        /// The request this answers.
        req: RequestId,
        /// The records just stored.
        records: Vec<Value>,
    },
    /// A fetch ended.
    FetchDone {
        /// The request this answers.
        req: RequestId,
        /// What the fetch did and whether it is complete.
        summary: FetchSummary,
    },
    /// Related records arrived.
    Related {
        /// The request this answers.
        req: RequestId,
        /// The resource the records belong to.
        resource: Resource,
        /// The related records found.
        records: Vec<Value>,
    },
    /// No save dialog could be shown for this export: offer a typed path in `folder`.
    NoFileDialog {
        /// The request this answers.
        req: RequestId,
        /// The folder to propose.
        folder: PathBuf,
    },
    /// An export finished (an empty path: the save dialog was cancelled).
    Exported {
        /// The request this answers.
        req: RequestId,
        /// The file written; empty when the dialog was cancelled.
        path: PathBuf,
        /// The number of records written.
        rows: usize,
        /// Ids written without their name (Coachview could not be asked).
        unnamed: usize,
    },
    /// The earlier versions of one record.
    Versions {
        /// The request this answers.
        req: RequestId,
        /// The record's Coachview id.
        id: String,
        /// Its earlier versions, newest first.
        versions: Vec<StoredVersion>,
    },
    /// Names were looked up.
    NamesResolved {
        /// The request this answers.
        req: RequestId,
        /// Per resource, each id with its new name state.
        names: Vec<(Resource, Vec<(String, NameState)>)>,
        /// The ids a failure left unanswered and why; `None` if none failed.
        failed: Option<NamesFailure>,
    },
    /// A request failed (the shell shows why): stop waiting for it; rows that arrived stay.
    Failed {
        /// The request that failed.
        req: RequestId,
        /// Why, worded for the planner.
        error: Box<crate::message::UserMessage>,
    },
}

impl BrowseState {
    /// Applies a worker answer meant for the browser; stale answers are dropped.
    pub(crate) fn on_event(&mut self, event: BrowseEvent) {
        match event {
            BrowseEvent::StoredJson {
                req,
                resource,
                texts,
                as_of,
                outside,
                within,
                done,
                ticket,
            } => {
                // Taken (or dropped) by the end of this arm: the next page may come.
                let _ticket = ticket;
                if self.load.is_waiting_for(req) && resource == self.resource {
                    self.as_of = as_of.or(self.as_of);
                    let within = usize::try_from(within).unwrap_or(0);
                    self.stored_page(req, texts, within, done);
                    self.model
                        .set_stored_outside(usize::try_from(outside).unwrap_or(usize::MAX));
                    if done {
                        self.load.resolve(req, ());
                    }
                }
            }
            BrowseEvent::Estimate {
                req,
                records,
                requests,
            } => {
                if let Some(pending) = self.estimate.as_mut().filter(|p| p.req == req) {
                    pending.records = Some(records);
                    pending.requests = Some(requests);
                }
            }
            BrowseEvent::Rows { req, records } => {
                if self.fetch.is_waiting_for(req) {
                    self.merge_rows(records);
                }
            }
            BrowseEvent::FetchDone { req, summary } => {
                if self.fetch.is_waiting_for(req) {
                    // The rows came in as they were stored: nothing to load again; look for
                    // names of the rows in view.
                    self.names_check = true;
                    // The focused record's versions may have been read while the fetch was
                    // still writing them (rows come in place before the store commits): once
                    // the fetch is done the store holds them all, so the pane asks once more.
                    self.versions.clear();
                    self.versions_of = None;
                    if summary.complete {
                        self.as_of = Some(self.clock.now_utc());
                        self.names_retry.sync_done(self.clock.instant());
                    }
                    self.fetch.resolve(req, summary);
                }
            }
            BrowseEvent::Related {
                req,
                resource,
                records,
            } => {
                let columns = crate::record::default_columns_for(resource, &records);
                self.related
                    .resolve(req, (resource, TableModel::new(records, columns)));
            }
            BrowseEvent::NoFileDialog { req, folder } => {
                if self.exported.resolve(req, None) {
                    let name = self.export_name.clone();
                    self.export_path.open(&folder, &name);
                }
            }
            BrowseEvent::Exported {
                req,
                path,
                rows,
                unnamed,
            } => {
                // An empty path means the user cancelled the save dialog.
                if !path.as_os_str().is_empty() {
                    self.export_path.used(&path);
                }
                let done = (!path.as_os_str().is_empty()).then_some((path, rows));
                if self.exported.resolve(req, done) {
                    self.export_unnamed = unnamed;
                }
            }
            BrowseEvent::Versions { req, id, versions } => {
                if self.versions.is_waiting_for(req) {
                    self.version_step = 0;
                    self.versions.resolve(req, (id, versions));
                }
            }
            BrowseEvent::NamesResolved { req, names, failed } => {
                if self.names.is_waiting_for(req) {
                    self.names.resolve(req, ());
                    self.names_arrived(names, failed);
                }
            }
            BrowseEvent::Failed { req, error } => {
                if self.estimate.as_ref().is_some_and(|e| e.req == req) {
                    self.estimate = None;
                }
                // The shell shows the failure; here the wait ends (what was shown stays). A
                // failed fetch still ends with `FetchDone` (the rows so far are kept): it waits.
                self.load.fail(req, (*error).clone());
                self.related.fail(req, (*error).clone());
                self.exported.fail(req, (*error).clone());
                self.names.fail(req, *error);
            }
        }
    }
}
