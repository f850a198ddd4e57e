//! Known people in the wizard: e-mail lookups (debounced, cached for the session, never blocking
//! typing), the "use Anna Jansen (…)" offer under a person form, and the one message that says
//! lookups are off.

use crate::enrol::Person;
use crate::enrol::people::{KnownPerson, Lookup, PersonKey, apply_known};
use crate::i18n::{t, tf};
use crate::worker::RequestId;
use egui::Ui;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

/// Quiet time after the last keystroke before an address is looked up.
pub const DEBOUNCE: Duration = Duration::from_millis(600);
/// After a failed lookup (network, limit) nothing is looked up automatically for this long.
const PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// Why lookups are off for the rest of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupsOff {
    /// 403: the connection lacks `Personen.Lezen`.
    NoScope,
    /// The server ignored or refused the e-mail filter.
    NotHonoured,
}

/// The lookup state of the wizard (kept across "new enrolment" for the session).
#[derive(Debug, Default)]
pub struct PeopleState {
    /// Every answer of this session, by key.
    pub cache: HashMap<PersonKey, Lookup>,
    /// Keys asked and not answered yet.
    pub pending: HashSet<PersonKey>,
    /// Lookup requests under way.
    pub reqs: HashSet<RequestId>,
    /// Set once when lookups stop working; the wizard then says so, once, at the top.
    pub off: Option<LookupsOff>,
    /// The name search is not honoured on this connection.
    pub name_off: bool,
    /// Requests sent this session (each counts against the daily limit).
    pub sent: u64,
    /// The e-mail address last seen in each form (path → address, when it last changed).
    typed: HashMap<String, (String, Instant)>,
    /// Forms drawn this frame.
    seen: HashSet<String>,
    failed_at: Option<Instant>,
    /// What "now" is to the debounce and the pause after a failure (the app's clock).
    pub clock: crate::clock::Clock,
    /// Keys of a cancelled (or stopped) request: not asked again until the user retries.
    skipped: HashSet<PersonKey>,
}

impl PeopleState {
    /// Nothing looked up yet, on `clock` (the app's).
    pub fn on(clock: crate::clock::Clock) -> PeopleState {
        PeopleState {
            clock,
            ..Default::default()
        }
    }

    /// Notes the address in the form at `path` (call every frame the form is drawn). A linked
    /// person whose address no longer is the record's loses the link.
    pub(crate) fn track(&mut self, path: &str, person: &mut Person) {
        let email = person.emailadres.trim().to_lowercase();
        self.seen.insert(path.to_string());
        let now = self.clock.instant();
        match self.typed.get(path) {
            Some((previous, _)) if *previous == email => {}
            Some(_) => {
                self.typed.insert(path.to_string(), (email.clone(), now));
            }
            // First sight (a restored draft, an imported row): nobody is typing, look up at once.
            None => {
                let at = now.checked_sub(DEBOUNCE).unwrap_or(now);
                self.typed.insert(path.to_string(), (email.clone(), at));
            }
        }
        if !person.persoon_id.is_empty()
            && let Some(record_email) = self.email_of(&person.persoon_id)
            && record_email != email
        {
            person.persoon_id.clear();
        }
    }

    fn email_of(&self, persoon_id: &str) -> Option<String> {
        self.cache.values().find_map(|lookup| match lookup {
            Lookup::Found(found) => found
                .iter()
                .find(|k| k.person.persoon_id == persoon_id)
                .map(|k| k.person.emailadres.trim().to_lowercase()),
            _ => None,
        })
    }

    /// The keys to look up now (quiet long enough, not cached, not asked), and how long until the
    /// next one becomes due. Forgets forms not drawn since the last call.
    pub(crate) fn due(&mut self) -> (Vec<PersonKey>, Option<Duration>) {
        let seen = std::mem::take(&mut self.seen);
        self.typed.retain(|path, _| seen.contains(path));
        if self.off.is_some()
            || self
                .failed_at
                .is_some_and(|at| self.clock.since(at) < PAUSE_AFTER_FAILURE)
        {
            return (Vec::new(), None);
        }
        let mut keys = BTreeSet::new();
        let mut wait: Option<Duration> = None;
        for (email, at) in self.typed.values() {
            let Some(key) = PersonKey::email(email) else {
                continue;
            };
            if self.cache.contains_key(&key)
                || self.pending.contains(&key)
                || self.skipped.contains(&key)
            {
                continue;
            }
            let quiet = self.clock.since(*at);
            if quiet >= DEBOUNCE {
                keys.insert(key);
            } else {
                let left = DEBOUNCE - quiet;
                wait = Some(wait.map_or(left, |w| w.min(left)));
            }
        }
        (keys.into_iter().collect(), wait)
    }

    /// Marks keys as asked under `req`.
    pub(crate) fn asked(&mut self, req: RequestId, keys: &[PersonKey]) {
        self.reqs.insert(req);
        self.pending.extend(keys.iter().cloned());
    }

    /// One answer arrived, after `requests` more requests (0: answered by the same batch).
    pub(crate) fn answered(&mut self, key: PersonKey, lookup: Lookup, requests: u64) {
        self.pending.remove(&key);
        self.sent += requests;
        match (&key, &lookup) {
            (_, Lookup::NoScope) => self.off = Some(LookupsOff::NoScope),
            (PersonKey::Email(_), Lookup::NotHonoured) => self.off = Some(LookupsOff::NotHonoured),
            (PersonKey::Name(_), Lookup::NotHonoured) => self.name_off = true,
            (_, Lookup::Failed(_)) => self.failed_at = Some(self.clock.instant()),
            _ => {}
        }
        self.cache.insert(key, lookup);
    }

    /// A lookup request ended (done or failed): keys it did not answer may be asked again.
    pub(crate) fn finished(&mut self, req: RequestId) -> bool {
        if !self.reqs.remove(&req) {
            return false;
        }
        if self.reqs.is_empty() {
            // Unanswered keys (the job was cancelled or stopped) wait for the user's retry.
            self.skipped.extend(self.pending.drain());
        }
        true
    }

    /// The known people for an address, when the lookup found any.
    pub fn found(&self, email: &str) -> Option<&[KnownPerson]> {
        let key = PersonKey::email(email)?;
        match self.cache.get(&key) {
            Some(Lookup::Found(found)) => Some(found),
            _ => None,
        }
    }

    /// Forgets failed answers so they are asked again.
    pub(crate) fn retry(&mut self) {
        self.cache.retain(|_, l| !matches!(l, Lookup::Failed(_)));
        self.failed_at = None;
        self.skipped.clear();
    }
}

/// The one message shown while lookups are off, and the session's lookup count.
pub(super) fn status_line(state: &PeopleState, ui: &mut Ui) {
    match state.off {
        Some(LookupsOff::NoScope) => {
            ui.colored_label(ui.visuals().warn_fg_color, t("people.off_scope"));
        }
        Some(LookupsOff::NotHonoured) => {
            ui.colored_label(ui.visuals().warn_fg_color, t("people.off_filter"));
        }
        None if state.sent > 0 => {
            ui.weak(tf("people.count", &[("n", &state.sent)]));
        }
        // The line is there before the first lookup too, so the form below does not jump down
        // under the mouse when it appears.
        None => {
            ui.add_space(
                ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y,
            );
        }
    }
}

/// What the user chose under a person form.
pub(super) enum Offer {
    Use(Box<Person>, Option<String>),
    Unlink,
    SearchName(PersonKey),
    Retry,
}

/// Under a person form: the known people for its address (or name search), a "use" button each,
/// or that the person is linked. `n` distinguishes forms in button labels.
pub(super) fn offers(
    state: &PeopleState,
    person: &Person,
    n: Option<usize>,
    ui: &mut Ui,
) -> Option<Offer> {
    let mut chosen = None;
    let suffix = n.map(|n| format!(" ({n})")).unwrap_or_default();
    if !person.persoon_id.is_empty() {
        ui.horizontal(|ui| {
            ui.label(tf("people.linked", &[("name", &person.display_name())]));
            if ui
                .button(format!("{}{suffix}", t("people.unlink")))
                .clicked()
            {
                chosen = Some(Offer::Unlink);
            }
        });
        return chosen;
    }
    let email_key = PersonKey::email(&person.emailadres);
    let name_key = PersonKey::name(&person.achternaam);
    let mut candidates: Vec<&KnownPerson> = Vec::new();
    for key in [email_key.as_ref(), name_key.as_ref()]
        .into_iter()
        .flatten()
    {
        match state.cache.get(key) {
            Some(Lookup::Found(found)) => candidates.extend(found.iter()),
            Some(Lookup::Failed(why)) => {
                ui.horizontal(|ui| {
                    ui.weak(tf("people.failed", &[("why", why)]));
                    if ui
                        .button(format!("{}{suffix}", t("people.retry")))
                        .clicked()
                    {
                        chosen = Some(Offer::Retry);
                    }
                });
            }
            _ if state.pending.contains(key) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.weak(t("people.searching"));
                });
            }
            _ if state.skipped.contains(key)
                && state.off.is_none()
                && ui
                    .button(format!("{}{suffix}", t("people.retry")))
                    .clicked() =>
            {
                chosen = Some(Offer::Retry);
            }
            _ => {}
        }
    }
    let mut ids = HashSet::new();
    candidates.retain(|k| ids.insert(k.person.persoon_id.clone()));
    for known in candidates {
        ui.horizontal_wrapped(|ui| {
            let label = if known.inactive {
                tf("people.known_inactive", &[("who", &known.summary())])
            } else {
                tf("people.known", &[("who", &known.summary())])
            };
            ui.label(label);
            let button = tf("people.use", &[("name", &known.person.display_name())]);
            if ui.button(format!("{button}{suffix}")).clicked() {
                chosen = Some(Offer::Use(
                    Box::new(known.person.clone()),
                    known.company.clone(),
                ));
            }
        });
    }
    if email_key
        .as_ref()
        .is_some_and(|k| matches!(state.cache.get(k), Some(Lookup::Found(f)) if f.is_empty()))
    {
        ui.weak(t("people.unknown"));
    }
    if state.off.is_none()
        && !state.name_off
        && let Some(key) = name_key.filter(|k| !state.cache.contains_key(k))
        && ui
            .button(format!("{}{suffix}", t("people.search_name")))
            .clicked()
    {
        chosen = Some(Offer::SearchName(key));
    }
    chosen
}

/// Applies an offer to the person; returns a name key to look up now, if the user asked.
pub(super) fn apply_offer(
    offer: Offer,
    person: &mut Person,
    people: &mut PeopleState,
    company_hint: &mut Option<String>,
) -> Option<PersonKey> {
    match offer {
        Offer::Use(known, company) => {
            apply_known(person, &known);
            if company.is_some() {
                *company_hint = company;
            }
            None
        }
        Offer::Unlink => {
            person.persoon_id.clear();
            None
        }
        Offer::SearchName(key) => Some(key),
        Offer::Retry => {
            people.retry();
            None
        }
    }
}
