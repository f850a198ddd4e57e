//! The probe's findings as a planner reads them: what each fact means for their work, with the
//! technical term only in the hover text and in the copyable report for support.

use super::probe::ProbeReport;
use crate::i18n::{Lang, format, text};
use crate::resource::Resource;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRow {
    /// What it means for the planner.
    pub fact: String,
    /// What this tenant does (ja/nee/onbekend, a number).
    pub result: String,
    /// The technical term, for the hover text and support.
    pub technical: String,
}

fn yes_no(lang: Lang, v: Option<bool>) -> String {
    text(
        lang,
        match v {
            Some(true) => "tenant.yes",
            Some(false) => "tenant.no",
            None => "tenant.unknown",
        },
    )
    .to_string()
}

impl ProbeReport {
    /// The table in `lang`.
    pub fn table(&self, lang: Lang) -> Vec<ProbeRow> {
        let c = &self.capabilities;
        let rl = &self.rate_limit;
        let rate = match (c.rate_limit_headers, rl.limit, rl.period_secs) {
            (Some(true), Some(n), _) => std::format!("{} ({n})", yes_no(lang, Some(true))),
            (Some(true), None, Some(p)) => std::format!("{} ({p} s)", yes_no(lang, Some(true))),
            (v, _, _) => yes_no(lang, v),
        };
        let enrol = match self.may_enrol {
            None => text(lang, "tenant.enrol_unknown").to_string(),
            v => yes_no(lang, v),
        };
        let page = c
            .page_size
            .map_or_else(|| yes_no(lang, None), |n| n.to_string());
        let facts: [(&str, String); 10] = [
            ("enrol", enrol),
            ("datetime", yes_no(lang, c.datetime_filters)),
            ("desc", yes_no(lang, c.desc_order)),
            ("relations", yes_no(lang, c.direct_relations)),
            ("extra", yes_no(lang, c.extra_fields)),
            ("reference", yes_no(lang, c.reference_filter)),
            ("range_end", yes_no(lang, c.range_end_inclusive)),
            ("count_body", yes_no(lang, c.count_with_body)),
            ("page_size", page),
            ("rate_headers", rate),
        ];
        let mut out: Vec<ProbeRow> = facts
            .into_iter()
            .map(|(k, result)| ProbeRow {
                fact: text(lang, &std::format!("tenant.fact.{k}")).to_string(),
                result,
                technical: text(lang, &std::format!("tenant.tech.{k}")).to_string(),
            })
            .collect();
        for r in Resource::ALL {
            let name = r.name();
            out.push(ProbeRow {
                fact: format(lang, "tenant.fact.read", &[("resource", &name)]),
                result: yes_no(lang, c.readable.get(name).copied()),
                technical: format(lang, "tenant.tech.read", &[("resource", &name)]),
            });
        }
        out
    }

    /// The table: (what it means, what this tenant does), in `lang`.
    pub fn rows(&self, lang: Lang) -> Vec<(String, String)> {
        self.table(lang)
            .into_iter()
            .map(|r| (r.fact, r.result))
            .collect()
    }

    /// The hover texts of [`ProbeReport::rows`], in the same order.
    pub fn hovers(&self, lang: Lang) -> Vec<String> {
        self.table(lang).into_iter().map(|r| r.technical).collect()
    }

    /// A plain-text report for support (no secret, no token), technical terms included.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut s = std::format!(
            "coachdesk {} — {}\n{}\n",
            env!("CARGO_PKG_VERSION"),
            text(lang, "tenant.probe.title"),
            self.base_url
        );
        for r in self.table(lang) {
            s.push_str(&std::format!(
                "{}: {} [{}]\n",
                r.fact,
                r.result,
                r.technical
            ));
        }
        s.push_str(&std::format!("requests: {}\n", self.requests));
        s
    }
}
