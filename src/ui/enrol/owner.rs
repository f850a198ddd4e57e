//! One profile, one world: the connection a draft was made for, and what the wizard forgets
//! when the planner switches to another connection (courses, lookups, recent people and
//! companies, and every Coachview id in the draft; typed names and addresses stay).

use super::EnrolState;
use crate::i18n::tf;
use crate::ui::{Ctx, Remote};
use crate::worker::Command;
use egui::Ui;

/// The connection a draft belongs to: its key (host + client id; the demo's own) and the
/// profile name to tell the planner.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DraftOwner {
    /// The connection key ([`crate::config::Profile::key`], or the demo's).
    pub key: String,
    /// The profile's name when the draft was made ("Demo" for the demo).
    pub name: String,
}

impl EnrolState {
    /// The connection the draft belongs to (`None`: an old draft, or no connection chosen yet).
    pub fn owner(&self) -> Option<&DraftOwner> {
        self.owner.as_ref()
    }

    /// The profile whose Coachview ids were taken out of the draft at the last switch, if any.
    pub(crate) fn ids_cleared_from(&self) -> Option<&str> {
        self.ids_cleared_from.as_deref()
    }

    /// The planner now works with the connection `owner`. A switch to
    /// another connection forgets what the wizard learned from the previous one and takes the
    /// Coachview ids out of the draft; returns the earlier profile's name when ids were taken out
    /// (the app tells the planner once). An old draft without an owner is adopted as it is.
    pub(crate) fn enter_connection(&mut self, owner: DraftOwner) -> Option<String> {
        let same_connection = self.entered.as_ref() == Some(&owner.key);
        if !same_connection {
            self.courses = Remote::Idle;
            self.people = super::people::PeopleState::on(self.clock.clone());
            self.recent = Default::default();
            self.recent_load = Remote::Idle;
            self.known_companies = Default::default();
            self.company_hint = None;
            self.entered = Some(owner.key.clone());
        }
        let previous = self.owner.replace(owner.clone());
        match previous {
            Some(previous) if previous.key != owner.key => {
                self.ids_cleared_from = None;
                self.clear_tenant_ids().then(|| {
                    self.ids_cleared_from = Some(previous.name.clone());
                    previous.name
                })
            }
            _ => None,
        }
    }

    /// Takes every id of the previous tenant out of the draft: the course (its ids and seats are
    /// that tenant's), each person's `persoonId`, and the outbox entry it was fixing (that entry
    /// lives in the other connection's outbox). True when anything was taken out.
    fn clear_tenant_ids(&mut self) -> bool {
        // Both taken out (no short-circuit).
        let fixing = self.fixing.take().is_some();
        let draft = &mut self.draft;
        let mut cleared = draft.course.take().is_some() | fixing;
        for person in std::iter::once(&mut draft.contact).chain(draft.participants.iter_mut()) {
            if !person.persoon_id.is_empty() {
                person.persoon_id.clear();
                cleared = true;
            }
        }
        if cleared {
            draft.reviewed = false;
            self.server_issues.clear();
            self.view = None;
            self.outcome = None;
        }
        cleared
    }

    /// Saves the draft now (after a switch took ids out), unless it was sent already.
    pub(crate) fn save_now(&mut self, cx: &Ctx) {
        if self.is_done() {
            return;
        }
        let json = self.saved_json();
        if self.last_saved.as_deref() != Some(json.as_str()) {
            cx.send(Command::SaveDraft {
                json: Some(json.clone()),
            });
            self.last_saved = Some(json);
        }
    }
}

/// The line at the top of the wizard after a switch took ids out of the draft.
pub(super) fn cleared_banner(state: &EnrolState, ui: &mut Ui) {
    if let Some(name) = state.ids_cleared_from() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf("world.ids_cleared", &[("name", &name)]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrol::{CourseChoice, Person, Scenario};
    use crate::ui::ctx::recording;

    fn owner(key: &str, name: &str) -> DraftOwner {
        DraftOwner {
            key: key.into(),
            name: name.into(),
        }
    }

    fn person(last: &str, id: &str) -> Person {
        Person {
            achternaam: last.into(),
            emailadres: format!("{last}@x.nl"),
            persoon_id: id.into(),
            ..Person::default()
        }
    }

    /// A draft made in connection A: a course of A, a contact and a participant linked in A.
    fn draft_of_a() -> EnrolState {
        let mut state = EnrolState::default();
        state.draft.course = Some(CourseChoice {
            opleiding_id: Some("opl-A".into()),
            opleidingssoort_id: "soort-A".into(),
            label: "BHV".into(),
            free_seats: Some(3),
        });
        state.draft.scenario = Some(Scenario::ContactEnrolsEmployees);
        state.draft.contact = person("Jansen", "pers-A-1");
        state.draft.participants = vec![person("Smit", "pers-A-2"), person("Bakker", "")];
        state.fixing = "7".parse().ok();
        state
    }

    #[test]
    fn another_connection_takes_the_ids_out_and_keeps_what_was_typed() {
        let mut state = draft_of_a();
        assert_eq!(state.enter_connection(owner("a", "Klant A")), None);
        state.courses = Remote::Ready(Default::default());
        state.recent.remember(&person("Jansen", "pers-A-1"), None);
        state.recent_load = Remote::Ready(());
        // The same connection again (a reconnect): nothing changes.
        assert_eq!(state.enter_connection(owner("a", "Klant A")), None);
        assert!(state.draft.course.is_some() && state.courses_loaded());
        let cleared = state.enter_connection(owner("b", "Klant B"));
        assert_eq!(cleared.as_deref(), Some("Klant A"));
        assert_eq!(state.ids_cleared_from(), Some("Klant A"));
        let body = crate::enrol::payload(&state.draft).to_string();
        for id in ["opl-A", "soort-A", "pers-A-1", "pers-A-2"] {
            assert!(!body.contains(id), "{id} in {body}");
        }
        assert_eq!(state.fixing, None, "the entry lives in A's outbox");
        assert!(!state.courses_loaded() && state.recent.contacts.is_empty());
        assert!(
            matches!(state.recent_load, Remote::Idle),
            "B's recent file is read"
        );
        assert_eq!(state.draft.contact.achternaam, "Jansen");
        assert_eq!(state.draft.participants[0].emailadres, "Smit@x.nl");
        // The saved draft names B, and a new wizard from it stays B's.
        let sent = recording(&crate::ui::ConnState::Disconnected, |cx| state.save_now(cx));
        let json = sent
            .iter()
            .find_map(|c| match c {
                Command::SaveDraft { json } => json.clone(),
                _ => None,
            })
            .expect("saved");
        let reopened = EnrolState::new(Some(&json));
        assert_eq!(reopened.owner(), Some(&owner("b", "Klant B")));
    }

    #[test]
    fn an_old_draft_without_a_connection_loads_and_is_adopted() {
        let old = r#"{"draft": {"contact": {"achternaam": "Jansen", "persoonId": "p1"}}, "fixing": null}"#;
        let mut state = EnrolState::new(Some(old));
        assert_eq!(state.owner(), None);
        assert_eq!(state.draft.contact.persoon_id, "p1");
        assert_eq!(state.enter_connection(owner("a", "A")), None);
        assert_eq!(state.draft.contact.persoon_id, "p1", "adopted as it is");
        assert_eq!(state.owner(), Some(&owner("a", "A")));
    }
}
