//! The Coachview resources coachdesk knows, with their API paths and read/write scopes.

use serde::{Deserialize, Serialize};

/// A list resource under `/api/v1/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Resource {
    /// Applications (`Aanvragen`).
    Aanvragen,
    /// Planned courses (`Opleidingen`).
    Opleidingen,
    /// Course parts, sessions (`Opleidingsonderdelen`).
    Opleidingsonderdelen,
    /// Course types (`Opleidingssoorten`).
    Opleidingssoorten,
    /// People (`Personen`).
    Personen,
    /// Companies (`Bedrijven`).
    Bedrijven,
    /// Web enrolments (`Webaanvragen`).
    Webaanvragen,
    /// Sales order lines (`Orderverkoopregels`).
    Orderverkoopregels,
    /// Payment methods (`Betaalwijzen`).
    Betaalwijzen,
}

impl Resource {
    /// Every resource, in the order the UI lists them.
    pub const ALL: [Resource; 9] = [
        Resource::Aanvragen,
        Resource::Opleidingen,
        Resource::Opleidingsonderdelen,
        Resource::Opleidingssoorten,
        Resource::Personen,
        Resource::Bedrijven,
        Resource::Webaanvragen,
        Resource::Orderverkoopregels,
        Resource::Betaalwijzen,
    ];

    /// The resources the change browser offers.
    pub const BROWSABLE: [Resource; 8] = [
        Resource::Aanvragen,
        Resource::Opleidingen,
        Resource::Opleidingsonderdelen,
        Resource::Personen,
        Resource::Bedrijven,
        Resource::Webaanvragen,
        Resource::Orderverkoopregels,
        Resource::Opleidingssoorten,
    ];

    /// The path segment after `/api/v1/`, e.g. `Aanvragen`.
    pub fn name(self) -> &'static str {
        match self {
            Resource::Aanvragen => "Aanvragen",
            Resource::Opleidingen => "Opleidingen",
            Resource::Opleidingsonderdelen => "Opleidingsonderdelen",
            Resource::Opleidingssoorten => "Opleidingssoorten",
            Resource::Personen => "Personen",
            Resource::Bedrijven => "Bedrijven",
            Resource::Webaanvragen => "Webaanvragen",
            Resource::Orderverkoopregels => "Orderverkoopregels",
            Resource::Betaalwijzen => "Betaalwijzen",
        }
    }

    /// The list path, e.g. `/api/v1/Aanvragen`.
    pub fn path(self) -> String {
        format!("/api/v1/{}", self.name())
    }

    /// The scope needed to read it, e.g. `Aanvragen.Lezen`.
    pub fn read_scope(self) -> String {
        format!("{}.Lezen", self.name())
    }

    /// The scope needed to write it, e.g. `Webaanvragen.Schrijven`.
    pub fn write_scope(self) -> String {
        format!("{}.Schrijven", self.name())
    }

    /// Parses a resource name, case-insensitively (`aanvragen`, `Aanvragen`).
    pub fn parse(name: &str) -> Option<Resource> {
        Resource::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_case_insensitively() {
        for r in Resource::ALL {
            assert_eq!(Resource::parse(&r.name().to_lowercase()), Some(r));
        }
        assert_eq!(Resource::parse("Nope"), None);
        assert_eq!(Resource::Aanvragen.read_scope(), "Aanvragen.Lezen");
        assert_eq!(
            Resource::Webaanvragen.write_scope(),
            "Webaanvragen.Schrijven"
        );
        assert_eq!(
            Resource::Orderverkoopregels.path(),
            "/api/v1/Orderverkoopregels"
        );
    }
}
