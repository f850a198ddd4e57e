//! The strings themselves live in Project Fluent files (`assets/i18n/nl.ftl`, `en.ftl`), which a
//! translator edits without Rust and which carry CLDR plural rules (`[one]` / `*[other]`). This
//! module loads both once, embedded in the binary, and formats messages for `super::text` and
//! `super::format`.

use super::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// The Dutch messages (the default language).
pub const NL_FTL: &str = include_str!("../../../../assets/i18n/nl.ftl");
/// The English messages.
pub const EN_FTL: &str = include_str!("../../../../assets/i18n/en.ftl");

/// One message as the tables knew it: key (with dots), Dutch and English, each with its variables
/// written `{name}`.
pub type Entry = (&'static str, &'static str, &'static str);

pub(super) struct Catalog {
    nl: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// Every message without arguments (variables shown as `{name}`), formatted once.
    plain: HashMap<&'static str, (&'static str, &'static str)>,
    /// The messages in file order.
    pub(super) entries: Vec<Entry>,
}

/// The code's key (`browse.export`) as a Fluent id (`browse-export`).
pub(super) fn fluent_id(key: &str) -> String {
    key.replace('.', "-")
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let langid = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No Unicode isolation marks around arguments: egui and terminals would show them.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        // A broken file is a build-time bug (a unit test parses both); keep what parsed.
        Err((r, errors)) => {
            tracing::error!("{lang}.ftl has errors: {errors:?}");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!("{lang}.ftl could not be added: {errors:?}");
    }
    bundle
}

/// Each message's id with the variables it uses (a unit test compares the two files).
pub(super) fn ids_and_variables(source: &'static str) -> Vec<(String, BTreeSet<String>)> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut vars);
                }
                Some((m.id.name.to_string(), vars))
            }
            _ => None,
        })
        .collect()
}

fn pattern_variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                pattern_variables(&v.value, out);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub(super) static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let nl = bundle("nl", NL_FTL);
    let en = bundle("en", EN_FTL);
    let mut plain = HashMap::new();
    let mut entries = Vec::new();
    for (id, vars) in ids_and_variables(NL_FTL) {
        let key = leak(id.replace('-', "."));
        let shown: Vec<(String, String)> = vars
            .iter()
            .map(|v| (v.clone(), format!("{{{v}}}")))
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = shown
            .iter()
            .map(|(n, v)| (n.as_str(), v as &dyn std::fmt::Display))
            .collect();
        let nl_text = leak(format_in(&nl, &id, &args).unwrap_or_default());
        let en_text = leak(format_in(&en, &id, &args).unwrap_or_default());
        plain.insert(key, (nl_text, en_text));
        entries.push((key, nl_text, en_text));
    }
    Catalog {
        nl,
        en,
        plain,
        entries,
    }
});

/// A number argument (so a plural can be chosen) when it reads back as the same integer; any
/// other value is text.
fn value(shown: String) -> FluentValue<'static> {
    match shown.parse::<i64>() {
        Ok(n) if n.to_string() == shown => FluentValue::from(n),
        _ => FluentValue::from(shown),
    }
}

fn format_in(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &[(&str, &dyn std::fmt::Display)],
) -> Option<String> {
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, v) in args {
        fluent_args.set(name.to_string(), value(v.to_string()));
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
}

impl Catalog {
    pub(super) fn plain(&self, lang: Lang, key: &str) -> Option<&'static str> {
        self.plain.get(key).map(|(nl, en)| match lang {
            Lang::Nl => *nl,
            Lang::En => *en,
        })
    }

    pub(super) fn format(
        &self,
        lang: Lang,
        key: &str,
        args: &[(&str, &dyn std::fmt::Display)],
    ) -> Option<String> {
        let bundle = match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        };
        format_in(bundle, &fluent_id(key), args)
    }
}
