//! Strings for what coachdesk learns about a tenant (probe, capabilities, rate-limit headers): (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "tenant.waiting",
        "Coachview vraagt even te wachten: nog {secs} s (Annuleren stopt)",
        "Coachview asks to wait: {secs} s left (Cancel stops)",
    ),
    (
        "tenant.probe.title",
        "Wat deze Coachview-omgeving doet",
        "What this Coachview environment does",
    ),
    ("tenant.probe.fact", "Onderdeel", "Check"),
    ("tenant.probe.result", "Uitkomst", "Result"),
    ("tenant.probe.copy", "Rapport kopiëren", "Copy report"),
    (
        "tenant.probe.copied",
        "Rapport gekopieerd naar het klembord",
        "Report copied to the clipboard",
    ),
    ("tenant.yes", "ja", "yes"),
    ("tenant.no", "nee", "no"),
    ("tenant.unknown", "onbekend", "unknown"),
    (
        "tenant.fact.datetime",
        "Datum-tijden in filters (snel bladeren)",
        "Date-times in filters (fast paging)",
    ),
    (
        "tenant.fact.range_end",
        "Einddatum van een bereik telt mee",
        "Range end date included",
    ),
    (
        "tenant.fact.count_body",
        "Gegevens naast Count=true",
        "Data next to Count=true",
    ),
    ("tenant.fact.page_size", "Rijen per pagina", "Rows per page"),
    (
        "tenant.fact.rate_headers",
        "Limiet-headers (X-Rate-Limit-*)",
        "Limit headers (X-Rate-Limit-*)",
    ),
    (
        "tenant.fact.reference",
        "Webaanvragen zoeken op referentie",
        "Find web requests by reference",
    ),
    ("tenant.fact.read", "Lezen: {resource}", "Read: {resource}"),
    (
        "err.429.what_unknown",
        "Coachview weigert tijdelijk verzoeken (limiet bereikt). coachdesk verstuurt niets tot de aangegeven tijd.",
        "Coachview refuses requests for now (limit reached). coachdesk sends nothing until the time shown.",
    ),
];
