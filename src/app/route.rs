//! Routes each worker event, by name and without a catch-all, to the part of the app that owns
//! it: the shell (connection, rate limit, jobs, messages) or one screen's `on_event`.

use super::{CoachApp, ConnState, JobView};
use crate::api::capabilities::AutoProbe;
use crate::api::probe::USUAL_REQUESTS;
use crate::i18n;
use crate::ui::browse::BrowseEvent;
use crate::ui::enrol::EnrolEvent;
use crate::ui::outbox::OutboxEvent;
use crate::ui::settings::SettingsEvent;
use crate::worker::Event;

impl CoachApp {
    /// Applies one worker event. A new `Event` variant does not compile until it is routed here.
    pub(super) fn route(&mut self, event: Event) {
        match event {
            // The shell's own.
            Event::Connected {
                req,
                label,
                base_url,
                demo,
                key,
                probe_due,
            } => {
                let ours = self.world.as_ref().is_some_and(|w| w.key == key);
                if ours && matches!(self.conn, ConnState::Connecting { req: r } if r == req) {
                    self.conn = ConnState::Connected {
                        label,
                        base_url,
                        demo,
                    };
                    if probe_due && self.env.auto_probe == AutoProbe::Once {
                        self.probe_on_first_use();
                    }
                }
            }
            // Only the quota of the connection shown (a job of the previous one may still end).
            Event::RateLimit { key, rate } => {
                if self.world.as_ref().is_some_and(|w| w.key == key) {
                    self.rate = rate;
                }
            }
            Event::Progress { req, progress } => {
                match self.jobs.iter_mut().find(|j| j.req == req) {
                    Some(job) => job.progress = progress,
                    None => self.jobs.push(JobView { req, progress }),
                }
            }
            Event::Failed { req, error } => {
                if matches!(self.conn, ConnState::Connecting { req: r } if r == req) {
                    self.conn = ConnState::Disconnected;
                }
                self.jobs.retain(|j| j.req != req);
                // Worded here, in the UI's language: the worker sends the typed cause.
                let message = crate::message::from_worker_error(&error);
                let keyring = error.offers_session_secret();
                self.settings(SettingsEvent::Failed {
                    req,
                    keyring,
                    error: Box::new(message.clone()),
                });
                self.browse.on_event(BrowseEvent::Failed {
                    req,
                    error: Box::new(message.clone()),
                });
                self.enrol.on_failed(req, &message);
                self.outbox.on_event(OutboxEvent::Failed {
                    req,
                    error: Box::new(message.clone()),
                });
                self.show_message(message);
            }
            // Settings.
            Event::SecretSaved { req } | Event::SecretForgotten { req } => {
                self.settings(SettingsEvent::SecretDone { req })
            }
            Event::SecretMoved { req, outcome } => {
                self.settings(SettingsEvent::SecretMoved { req, outcome })
            }
            Event::ConnectionTest { req, rows } => {
                self.jobs.retain(|j| j.req != req);
                self.settings(SettingsEvent::ConnectionTest { req, rows })
            }
            Event::TenantReport { req, report } => {
                self.settings(SettingsEvent::TenantReport { req, report })
            }
            // The change browser.
            Event::StoredJson {
                req,
                resource,
                texts,
                as_of,
                outside,
                within,
                done,
                ticket,
            } => self.browse.on_event(BrowseEvent::StoredJson {
                req,
                resource,
                texts,
                as_of,
                outside,
                within,
                done,
                ticket,
            }),
            Event::Estimate {
                req,
                records,
                requests,
            } => self.browse.on_event(BrowseEvent::Estimate {
                req,
                records,
                requests,
            }),
            Event::Rows { req, records } => {
                self.browse.on_event(BrowseEvent::Rows { req, records })
            }
            Event::FetchDone { req, summary } => {
                self.jobs.retain(|j| j.req != req);
                self.browse
                    .on_event(BrowseEvent::FetchDone { req, summary });
            }
            Event::Related {
                req,
                resource,
                records,
            } => self.browse.on_event(BrowseEvent::Related {
                req,
                resource,
                records,
            }),
            Event::NoFileDialog { req, folder } => {
                self.browse.on_event(BrowseEvent::NoFileDialog {
                    req,
                    folder: folder.clone(),
                });
                self.enrol_event(EnrolEvent::NoFileDialog { req, folder });
            }
            Event::Exported {
                req,
                path,
                rows,
                unnamed,
            } => {
                self.jobs.retain(|j| j.req != req);
                self.browse.on_event(BrowseEvent::Exported {
                    req,
                    path,
                    rows,
                    unnamed,
                });
            }
            Event::Versions { req, id, versions } => {
                self.browse
                    .on_event(BrowseEvent::Versions { req, id, versions })
            }
            Event::NamesResolved { req, names, failed } => self
                .browse
                .on_event(BrowseEvent::NamesResolved { req, names, failed }),
            // The enrolment wizard.
            Event::Courses {
                req,
                opleidingen,
                soorten,
            } => self.enrol_event(EnrolEvent::Courses {
                req,
                opleidingen,
                soorten,
            }),
            Event::Enrolled { req, entry } => self.enrol_event(EnrolEvent::Enrolled { req, entry }),
            Event::EnrolmentReused { req, reused } => {
                self.enrol_event(EnrolEvent::Reused { req, reused })
            }
            Event::PersonFound {
                req,
                key,
                lookup,
                requests,
            } => self.enrol_event(EnrolEvent::PersonFound {
                req,
                key,
                lookup,
                requests,
            }),
            Event::LookupDone { req } => {
                self.jobs.retain(|j| j.req != req);
                self.enrol_event(EnrolEvent::LookupDone { req });
            }
            Event::ParticipantFile { req, file, rows } => {
                self.enrol_event(EnrolEvent::ParticipantFile { req, file, rows })
            }
            Event::Companies { req, companies } => {
                self.enrol_event(EnrolEvent::Companies { req, companies })
            }
            Event::Recent { req, json } => self.enrol_event(EnrolEvent::Recent { req, json }),
            // The outbox list: the wizard follows its own requests, the outbox screen shows it.
            Event::OutboxEntries { key, .. }
                if self.world.as_ref().is_none_or(|w| w.key != key) => {}
            Event::OutboxEntries { req, entries, .. } => {
                screen_ctx!(self, sink, cx);
                self.enrol.on_outbox_entries(req, &entries, &mut cx);
                self.outbox.on_event(OutboxEvent::Entries { req, entries });
            }
        }
    }

    /// Hands an event to the wizard (with a context: finishing an enrolment saves the draft).
    fn enrol_event(&mut self, event: EnrolEvent) {
        screen_ctx!(self, sink, cx);
        self.enrol.on_event(event, &cx);
    }

    /// Hands an event to Settings and applies what it asks for.
    /// The probe on a connection's first use: the connection test's own job (its table and
    /// report fill the settings screen), shown in the status bar with what it costs.
    fn probe_on_first_use(&mut self) {
        let req = self.next_req();
        self.settings.start_test(req);
        self.jobs.push(JobView {
            req,
            progress: crate::worker::Progress {
                done: 0,
                total: None,
                label: i18n::Text::with(
                    "tenant.auto_probe",
                    vec![("requests", i18n::Text::plain(USUAL_REQUESTS))],
                ),
            },
        });
        self.send(crate::worker::Command::TestConnection { req });
    }

    fn settings(&mut self, event: SettingsEvent) {
        if let Some(effect) = self.settings.on_event(event) {
            self.apply_settings(effect);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::AppEnv;
    use crate::error::WorkerError;
    use crate::resource::Resource;
    use crate::worker::request_id::nth_request;

    fn app(name: &str) -> (CoachApp, std::path::PathBuf) {
        let root = std::env::temp_dir().join(format!(
            "coachdesk-route-{name}-{}-{}",
            std::process::id(),
            crate::clock::Clock::system()
                .now_utc()
                .timestamp_nanos_opt()
                .unwrap_or_default()
        ));
        let env = AppEnv {
            dirs: crate::paths::Dirs::under(&root),
            credentials: std::sync::Arc::new(crate::credentials::MemoryStore::default()),
            demo: crate::simulator::SimConfig::default(),
            save_dialog: std::sync::Arc::new(crate::worker::NativeSaveDialog),
            clock: crate::clock::Clock::system(),
            auto_probe: crate::api::capabilities::AutoProbe::Never,
        };
        (CoachApp::new(&egui::Context::default(), env, None), root)
    }

    #[test]
    fn related_records_reach_the_browser_and_only_for_its_request() {
        let (mut app, root) = app("related");
        app.browse.related.start(nth_request(41));
        let record = || vec![serde_json::json!({"id": "a"})];
        app.route(Event::Related {
            req: nth_request(40),
            resource: Resource::Opleidingen,
            records: record(),
        });
        assert!(app.browse.related.is_loading(), "a stale answer is ignored");
        app.route(Event::Related {
            req: nth_request(41),
            resource: Resource::Opleidingen,
            records: record(),
        });
        let (resource, model) = app.browse.related.ready().expect("routed to the browser");
        assert_eq!(*resource, Resource::Opleidingen);
        assert_eq!(model.len(), 1);
        assert!(app.outbox.entries().is_empty() && app.settings.test_rows().is_empty());
        drop(app);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn only_the_quota_of_the_connection_shown_counts() {
        let (mut app, root) = app("rate");
        app.world = Some(crate::app::World {
            key: "b".into(),
            name: "B".into(),
            demo: false,
            profile: None,
        });
        let rate = |left| crate::api::RateLimitStatus {
            remaining: Some(left),
            limit: Some(5000),
            ..Default::default()
        };
        // A job of the previous connection ends after the switch.
        app.route(Event::RateLimit {
            key: "a".into(),
            rate: rate(4938),
        });
        assert_eq!(app.rate.remaining, None);
        app.route(Event::RateLimit {
            key: "b".into(),
            rate: rate(4999),
        });
        assert_eq!(app.rate.remaining, Some(4999));
        drop(app);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_failure_ends_the_wait_of_the_screen_that_asked_and_is_shown_once() {
        let (mut app, root) = app("failed");
        app.browse.exported.start(nth_request(7));
        let before = app.notices.len();
        app.route(Event::Failed {
            req: nth_request(7),
            error: Box::new(WorkerError::NotConnected),
        });
        assert!(!app.browse.exported.is_loading());
        assert!(app.browse.exported.error().is_some());
        assert_eq!(app.notices.len(), before + 1, "shown once");
        drop(app);
        let _ = std::fs::remove_dir_all(root);
    }
}
