//! One profile, one world: the connection whose data the screens show. Switching to another
//! connection (another host or client id, or the demo) clears or swaps everything that belongs to
//! the previous one before anything of the new one arrives: the browser's rows and fetch summary,
//! the quota, the connection test and probe report, the wizard's courses, lookups and recent
//! people and companies (read from the new connection's own folder), the Coachview ids in the
//! draft, the outbox list and the running jobs.

use super::CoachApp;
use crate::api::RateLimitStatus;
use crate::config::Profile;
use crate::i18n::Text;
use crate::message::{Severity, UserMessage};
use crate::ui::enrol::DraftOwner;
use crate::worker::Command;

/// The connection the screens show: its key and the profile's name (its data folder is the
/// worker's to know, from `Command::ShowConnection`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    /// The connection key (host + client id; the demo's own): what its data is kept under.
    pub key: String,
    /// The profile's name ("Demo" for the built-in demo), as the status bar names it.
    pub name: String,
    /// True for the built-in demo.
    pub demo: bool,
    /// The profile shown (`None`: the built-in demo).
    pub profile: Option<Profile>,
}

impl World {
    /// The world of the built-in demo.
    pub(crate) fn demo() -> World {
        World {
            key: crate::paths::connection_key(
                crate::session::DEMO_STORE.0,
                crate::session::DEMO_STORE.1,
            ),
            name: crate::i18n::t("status.profile_demo").to_string(),
            demo: true,
            profile: None,
        }
    }

    /// The world of a saved profile (a profile marked `demo` is the demo's).
    pub(crate) fn of(profile: &Profile) -> World {
        if profile.demo {
            return World {
                name: profile.name.clone(),
                profile: Some(profile.clone()),
                ..World::demo()
            };
        }
        World {
            key: profile.key(),
            name: profile.name.clone(),
            demo: false,
            profile: Some(profile.clone()),
        }
    }
}

impl CoachApp {
    /// Makes `world` the one the screens show. The same connection again (a reconnect, a
    /// renamed profile) keeps everything; another one clears what belonged to the previous.
    pub(super) fn enter_world(&mut self, world: World) {
        let same = self.world.as_ref().is_some_and(|w| w.key == world.key);
        self.world = Some(world.clone());
        if same {
            self.enrol.enter_connection(owner_of(&world));
            return;
        }
        self.rate = RateLimitStatus::default();
        self.settings.forget_connection();
        self.outbox = Default::default();
        for job in std::mem::take(&mut self.jobs) {
            self.send(Command::Cancel { req: job.req });
        }
        // The worker learns the connection's folder; the browser then names only a resource and
        // its days.
        self.send(Command::ShowConnection {
            profile: world.profile.clone(),
        });
        self.browse.switch_connection();
        let cleared_from = self.enrol.enter_connection(owner_of(&world));
        screen_ctx!(self, sink, cx);
        let req = cx.next_req();
        self.browse.load_stored(&cx, req);
        if cleared_from.is_some() {
            self.enrol.save_now(&cx);
        }
        if let Some(previous) = cleared_from {
            self.show_message(ids_cleared(&previous, &world.name));
        }
    }
}

fn owner_of(world: &World) -> DraftOwner {
    DraftOwner {
        key: world.key.clone(),
        name: world.name.clone(),
    }
}

/// Told once when a switch took the previous connection's ids out of the draft.
fn ids_cleared(previous: &str, now: &str) -> UserMessage {
    let args = vec![("name", Text::plain(previous)), ("now", Text::plain(now))];
    UserMessage {
        title: Text::key("world.ids_cleared.title"),
        what_happened: Text::with("world.ids_cleared", args.clone()),
        what_to_do: Text::with("world.ids_cleared.todo", args),
        details: String::new(),
        severity: Severity::Notice,
        reset_at: None,
    }
}
