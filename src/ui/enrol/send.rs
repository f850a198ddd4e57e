//! Sending the enrolment: a new one into the outbox (and out), or the corrected body of an
//! entry that is being fixed.

use super::{EnrolState, Sending};
use crate::ui::Ctx;
use crate::worker::Command;

pub(super) fn send(state: &mut EnrolState, cx: &mut Ctx) {
    let body = crate::enrol::payload(&state.draft);
    let req = cx.next_req();
    state.outcome = None;
    state.reused = None;
    match state.fixing {
        Some(id) => {
            state.sending = Some(Sending::Update(req, id));
            cx.send(Command::OutboxUpdate { req, id, body });
        }
        None => {
            let reference =
                Some(state.draft.reference.trim().to_string()).filter(|r| !r.is_empty());
            state.sending = Some(Sending::Enrol(req));
            cx.send(Command::Enrol {
                req,
                body,
                reference,
                connection: state.owner.as_ref().map(|o| o.key.clone()),
            });
        }
    }
}
