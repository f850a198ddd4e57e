//! The worker job that loads the wizard's course list ([`crate::session::Session::courses`]).

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::cancel::Cancel;

/// Upcoming courses (not cancelled) and the course types, for the wizard's first step.
pub(super) async fn courses(
    conn: &Connection,
    req: RequestId,
    events: &EventSender,
    cancel: &Cancel,
) {
    match conn.courses(conn.clock().today(), cancel).await {
        Ok((opleidingen, soorten)) => events.send(Event::Courses {
            req,
            opleidingen,
            soorten,
        }),
        Err(e) => events.fail(req, e),
    }
}
