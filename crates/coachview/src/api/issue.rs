//! A problem in one record of a page, shared by the full decoder and the repairs of the light one.

/// A problem in one record of a page, e.g. a wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeIssue {
    /// Where, e.g. `[17].auditTrail.gewijzigdDatumTijd`.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}
