//! The connection test: the probe (at most a dozen read-only requests) and what it tells the
//! screens.

use super::connection::Connection;
use super::{Access, Event, EventSender, RequestId};
use crate::i18n::Text;
use crate::resource::Resource;

/// "Verbinding testen": the probe (at most a dozen read-only requests) finds what this tenant
/// does; its table, the per-resource access and the stored capabilities come from it.
pub(super) async fn test_connection(conn: &Connection, req: RequestId, events: &EventSender) {
    if let Err(e) = conn.client().ensure_token().await {
        return events.fail(req, e);
    }
    let report = match conn.probe(conn.clock().today()).await {
        Ok(report) => report,
        Err(e) => return events.fail(req, e),
    };
    events.send(Event::TenantReport {
        req,
        report: Box::new(report.clone()),
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
                    message: Text::key("tenant.unknown"),
                },
            };
            (resource, access)
        })
        .collect();
    events.send(Event::ConnectionTest { req, rows });
}
