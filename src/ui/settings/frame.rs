//! What Settings shares with the app: the data it edits, the effects it asks for, the worker
//! answers it handles, and one frame's bundle of them.

use super::SettingsState;
use crate::config::{Config, Profile};
use crate::i18n::{Lang, t, tf};
use crate::message::UserMessage;
use crate::paths::Dirs;
use crate::resource::Resource;
use crate::ui::Ctx;
use crate::worker::event::SecretMove;
use crate::worker::{Access, RequestId};

/// What Settings reads and edits besides its own form (owned by the app).
pub struct SettingsShared<'a> {
    /// The saved profiles (Settings adds, renames and removes them, and asks the worker to save).
    pub config: &'a mut Config,
    /// The profile in use, as the app remembers it.
    pub last_profile: &'a mut Option<String>,
    /// Earlier messages (for the diagnostics).
    pub notices: &'a [UserMessage],
    /// Where the config, logs and stores live (for the diagnostics).
    pub dirs: &'a Dirs,
    /// The browser's warning threshold (changed through [`SettingsEffect::WarnShareChanged`]).
    pub warn_share_percent: u32,
    /// Requests a fetch may have in flight at once (changed through
    /// [`SettingsEffect::ParallelChanged`]).
    pub parallel: usize,
    /// True when the built-in demo is the connection in use.
    pub demo_active: bool,
    /// The worker (the diagnostics name the commands it was sent last).
    pub worker: &'a crate::worker::WorkerHandle,
}

/// What a frame of Settings asks the app to do (Settings never edits another screen's state).
pub enum SettingsEffect {
    /// Connect with this profile (and a secret for this session only, if one was given).
    Connect {
        /// The profile to connect with.
        profile: Profile,
        /// A secret for this session only; `None` reads the keyring.
        session_secret: Option<String>,
    },
    /// Switch back to the built-in demo.
    StartDemo,
    /// The browser's "warn above this share of the requests left" changed.
    WarnShareChanged(u32),
    /// "Simultaneous requests" changed (1–3).
    ParallelChanged(usize),
    /// The planner chose another UI language (already switched on this thread).
    LanguageChanged(Lang),
}

/// The worker's answers Settings handles.
pub enum SettingsEvent {
    /// A keyring save or forget finished.
    SecretDone {
        /// The request this answers.
        req: RequestId,
    },
    /// A secret was moved to a profile's new keyring account (or not found there).
    SecretMoved {
        /// The request this answers.
        req: RequestId,
        /// What the worker found and did.
        outcome: SecretMove,
    },
    /// The connection test's table.
    ConnectionTest {
        /// The request this answers.
        req: RequestId,
        /// Each resource with how it answered.
        rows: Vec<(Resource, Access)>,
    },
    /// What the probe found (worded when shown, in the language of that frame).
    TenantReport {
        /// The request this answers.
        req: RequestId,
        /// What the probe found.
        report: Box<crate::api::probe::ProbeReport>,
    },
    /// A request failed; `keyring` when the keyring refused (offer "this session only").
    Failed {
        /// The request that failed.
        req: RequestId,
        /// True when the keyring refused.
        keyring: bool,
        /// Why, worded for the planner.
        error: Box<UserMessage>,
    },
}

/// One frame of Settings: its form, what it shares with the app, the context, and the effects.
pub(super) struct SettingsFrame<'a, 'c> {
    pub(super) state: &'a mut SettingsState,
    pub(super) shared: SettingsShared<'a>,
    pub(super) cx: &'a mut Ctx<'c>,
    pub(super) effects: Vec<SettingsEffect>,
}

impl SettingsFrame<'_, '_> {
    pub(super) fn connect(&mut self, profile: Profile, session_secret: Option<String>) {
        self.effects.push(SettingsEffect::Connect {
            profile,
            session_secret,
        });
    }
}

impl SettingsState {
    /// Applies a worker answer meant for Settings; returns what the app must do next.
    pub(crate) fn on_event(&mut self, event: SettingsEvent) -> Option<SettingsEffect> {
        match event {
            SettingsEvent::SecretDone { req } => {
                self.on_secret_event(req)
                    .map(|profile| SettingsEffect::Connect {
                        profile,
                        session_secret: None,
                    })
            }
            SettingsEvent::SecretMoved { req, outcome } => {
                self.on_secret_moved(req, outcome)
                    .map(|profile| SettingsEffect::Connect {
                        profile,
                        session_secret: None,
                    })
            }
            SettingsEvent::ConnectionTest { req, rows } => {
                self.on_test(req, rows);
                None
            }
            SettingsEvent::TenantReport { req, report } => {
                self.on_tenant_report(req, report);
                None
            }
            SettingsEvent::Failed {
                req,
                keyring,
                error,
            } => {
                self.test.fail(req, (*error).clone());
                self.secret_req.fail(req, *error);
                if keyring {
                    self.on_keyring_failed();
                }
                None
            }
        }
    }

    /// The connection test `req` starts (asked, or on a connection's first use): its table and
    /// report replace the previous ones when they arrive.
    pub(crate) fn start_test(&mut self, req: RequestId) {
        self.test.restart(req);
        self.tenant_report = None;
    }

    /// The planner switched to another connection: the previous one's connection test and
    /// probe report are not shown under it.
    pub(crate) fn forget_connection(&mut self) {
        self.test = Default::default();
        self.tenant_report = None;
    }

    /// The connection test's table (empty until it arrives).
    pub fn test_rows(&self) -> &[(Resource, Access)] {
        self.test.value().map(Vec::as_slice).unwrap_or_default()
    }

    /// A keyring save or forget finished; returns the profile to connect now, if one waited.
    fn on_secret_event(&mut self, req: RequestId) -> Option<Profile> {
        if !self.secret_req.resolve(req, ()) {
            return None;
        }
        self.keyring_failed = false;
        self.held_secret = None;
        self.secret_status = Some(t("settings.secret_done").to_string());
        self.connect_after_save.take()
    }

    /// The answer to moving a profile's secret to its new client id; returns the profile to
    /// connect now, if one waited and its secret is in place.
    fn on_secret_moved(&mut self, req: RequestId, outcome: SecretMove) -> Option<Profile> {
        if !self.secret_req.resolve(req, ()) {
            return None;
        }
        let profile = self.moving.take()?;
        let (key, connect) = match outcome {
            SecretMove::Moved => ("settings.secret_moved", true),
            SecretMove::AlreadyThere => ("settings.secret_already_there", true),
            SecretMove::Missing => ("settings.secret_missing", false),
        };
        self.secret_status = Some(tf(
            key,
            &[("name", &profile.name), ("client", &profile.client_id)],
        ));
        self.keyring_failed = false;
        let waiting = self.connect_after_save.take();
        waiting.filter(|_| connect)
    }

    /// The keyring refused (the dialog says why): the secret was not stored.
    fn on_keyring_failed(&mut self) {
        self.keyring_failed = true;
    }

    /// The connection test's answer.
    fn on_test(&mut self, req: RequestId, rows: Vec<(Resource, Access)>) {
        self.test.resolve(req, rows);
    }

    /// The probe's table and report (they arrive just before the test's answer).
    fn on_tenant_report(&mut self, req: RequestId, report: Box<crate::api::probe::ProbeReport>) {
        if self.test.is_waiting_for(req) {
            let lang = crate::i18n::current();
            self.tenant_report = Some(crate::ui::tenant_report::TenantReport::new(report, lang));
        }
    }
}
