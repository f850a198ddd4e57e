//! Every user-facing string goes through `crate::i18n`, in every source folder of the workspace (not only the UI): no
//! widget gets a text literal, no sentence is written as a literal outside the string tables
//! (but for the short allow-list below), and every key of the tables is used somewhere in the sources.
//! The tables themselves are checked for completeness in their unit tests.

mod i18n_scan;

use i18n_scan::{Literal, is_sentence, literals, without_tests};
use std::path::{Path, PathBuf};

/// Widget calls whose text argument is user-facing; `true` when the text is the second argument.
const CALLS: &[(&str, bool)] = &[
    (".label(", false),
    (".button(", false),
    (".heading(", false),
    (".strong(", false),
    (".small_button(", false),
    ("Button::new(", false),
    ("Label::new(", false),
    (".on_hover_text(", false),
    ("CollapsingHeader::new(", false),
    (".selectable_label(", true),
    (".radio(", true),
    (".checkbox(", true),
    (".colored_label(", true),
    (".toggle_value(", true),
    (".selectable_value(", true),
];

/// Widget literals that are the same in every language.
const ALLOWED: &[&str] = &["coachdesk", "Nederlands", "English"];

/// Calls whose literal arguments are not shown to the planner.
const QUIET_CALLS: &[(&str, &str)] = &[
    (
        "tracing::",
        "log lines: English, for support, never shown in the app",
    ),
    (
        "panic!",
        "a bug report, not a message (product code has none but start-up)",
    ),
    ("debug_assert!", "a check in debug builds"),
    (
        "error",
        "`#[error(..)]`: an error's technical Display, shown only as the details of a worded message",
    ),
];

/// Folders and files whose sentences are allowed, with the reason.
const ALLOWED_PATHS: &[(&str, &str)] = &[
    (
        "crates/coachview/src/sync/",
        "technical stop reasons of the engine (logged; shown only as a message's details)",
    ),
    (
        "crates/coachview/src/export/atomic.rs",
        "io::Error details inside the worded export failure",
    ),
    ("crates/coachview/src/i18n/", "the string tables"),
    (
        "src/cli/",
        "the command line's own messages are English (for scripts and support); what the engines report is worded through the tables",
    ),
    (
        "src/session/export.rs",
        "the input errors of `coachdesk export` and `sync --out` (only the command line exports stored records): English, like src/cli/",
    ),
    (
        "crates/coachview-sim/src/",
        "the simulator mimics Coachview's own (Dutch and English) bodies and demo data",
    ),
    (
        "crates/coachview/src/api/",
        "HTTP and decoding details of an ApiError: the technical details of a message worded by message.rs",
    ),
    (
        "src/renderer/",
        "the graphics probe's technical attempts, listed in a worded message for support",
    ),
    ("crates/coachview/src/store/schema.rs", "SQL"),
    ("crates/coachview/src/outbox/schema.rs", "SQL"),
];

/// Single literals allowed elsewhere, with the reason: (file, start of the literal, reason).
const ALLOWED_LITERALS: &[(&str, &str, &str)] = &[
    (
        "src/message/",
        "time: {}",
        "the copyable technical details (time, request, status) for support",
    ),
    (
        "src/message/",
        "plain http is only allowed",
        "matches the client's technical refusal to pick the message",
    ),
    (
        "crates/coachview/src/paths.rs",
        "{url}: ",
        "technical refusal of a URL; the UI words it as err.http",
    ),
    (
        "crates/coachview/src/paths.rs",
        "credentials (name:",
        "technical refusal of a URL with credentials; the UI and CLI word it as err.url_credentials",
    ),
    (
        "crates/coachview/src/paths.rs",
        "{}: {URL_CREDENTIALS}",
        "technical refusal of a URL with credentials; the UI and CLI word it as err.url_credentials",
    ),
    (
        "crates/coachview/src/export/xlsx.rs",
        "the Excel writer stopped",
        "io::Error detail inside the worded export failure (werr.file)",
    ),
    (
        "src/credentials.rs",
        "no default credential store",
        "the keyring's technical detail inside err.keyring.none",
    ),
    (
        "src/ui/settings/",
        "coachdesk {}",
        "the diagnostics block copied for support, in English",
    ),
    (
        "crates/coachview/src/outbox/dedup.rs",
        "could not generate a unique reference",
        "technical detail of OutboxError::Corrupt",
    ),
];

const SQL: &[&str] = &[
    "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "PRAGMA ", "DROP ", "WITH ",
];

/// The source folders of the workspace: the app, the core and the simulator.
fn roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("src"),
        root.join("crates/coachview/src"),
        root.join("crates/coachview-sim/src"),
    ]
}

/// Every `.rs` file of `src` but test-only files, as (path relative to the crate, source without
/// `#[cfg(test)]` items).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in roots() {
        walk(&dir, &mut files);
    }
    files.sort();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().contains("tests"))
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, without_tests(&std::fs::read_to_string(&p).unwrap()))
        })
        .collect()
}

fn literal_after(rest: &str, second: bool) -> Option<String> {
    let rest = if second {
        // Skip the first argument (no nested commas in our first arguments).
        let comma = rest.find(',')?;
        &rest[comma + 1..]
    } else {
        rest
    };
    let rest = rest.trim_start();
    let body = rest.strip_prefix('"')?;
    let end = body.find('"')?;
    Some(body[..end].to_string())
}

#[test]
fn no_widget_gets_a_literal() {
    let mut problems = Vec::new();
    for (path, source) in sources() {
        for (n, line) in source.lines().enumerate() {
            for (call, second) in CALLS {
                let mut from = 0;
                while let Some(at) = line[from..].find(call) {
                    let start = from + at + call.len();
                    if let Some(text) = literal_after(&line[start..], *second)
                        && text.chars().any(char::is_alphabetic)
                        && !ALLOWED.contains(&text.as_str())
                    {
                        problems.push(format!("{path}:{}: {text:?}", n + 1));
                    }
                    from = start;
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "literals that bypass i18n:\n{}",
        problems.join("\n")
    );
}

fn allowed(path: &str, lit: &Literal) -> bool {
    QUIET_CALLS
        .iter()
        .any(|(call, _)| lit.call.starts_with(call) || lit.call == *call)
        || ["info!", "warn!", "debug!", "trace!"]
            .iter()
            .any(|m| lit.call.ends_with(m))
        || SQL.iter().any(|k| lit.text.trim_start().starts_with(k))
        || ALLOWED_PATHS.iter().any(|(p, _)| path.starts_with(p))
        || ALLOWED_LITERALS
            .iter()
            .any(|(p, start, _)| path.starts_with(p) && lit.text.starts_with(start))
}

/// Sentences in English or Dutch live in the tables: the engines return typed facts (or table
/// keys) and the UI or the CLI words them.
#[test]
fn src_has_no_sentence_outside_the_tables() {
    let mut problems = Vec::new();
    for (path, source) in sources() {
        for lit in literals(&source) {
            if is_sentence(&lit.text) && !allowed(&path, &lit) {
                problems.push(format!(
                    "{path}:{}: [{}] {:?}",
                    lit.line, lit.call, lit.text
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "sentences that bypass i18n:\n{}",
        problems.join("\n")
    );
}

/// True when `literal` names `key`: equal, a prefix ending at a dot (`"err.401"` +
/// `".title"`, `"field."` + path), or a `format!` pattern whose `{..}` parts match one segment.
fn names_key(literal: &str, key: &str) -> bool {
    if literal == key {
        return true;
    }
    if literal.contains('.') && !literal.contains('{') && !literal.contains(' ') {
        let prefix = literal.strip_suffix('.').unwrap_or(literal);
        if key
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
        {
            return true;
        }
    }
    // A pattern counts only with a fixed first segment (the keys' namespace).
    if literal.contains('{')
        && literal.contains('.')
        && !literal.contains(' ')
        && !literal.starts_with('{')
    {
        let parts: Vec<&str> = literal.split('.').collect();
        let segments: Vec<&str> = key.split('.').collect();
        return parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')));
    }
    false
}

/// A key nobody looks up is dead weight (and a sign its text is written elsewhere).
#[test]
fn every_key_in_the_tables_is_used() {
    let mut used: Vec<String> = Vec::new();
    for (path, source) in sources() {
        if path.starts_with("crates/coachview/src/i18n/strings") {
            continue;
        }
        used.extend(literals(&source).into_iter().map(|l| l.text));
    }
    let unused: Vec<&str> = coachdesk::i18n::all()
        .map(|(key, _, _)| *key)
        .filter(|key| !used.iter().any(|lit| names_key(lit, key)))
        .collect();
    assert!(
        unused.is_empty(),
        "keys no code uses:\n{}",
        unused.join("\n")
    );
}

#[test]
fn the_scanners_catch_what_they_should() {
    assert_eq!(
        literal_after(r#""Opslaan")"#, false).as_deref(),
        Some("Opslaan")
    );
    assert_eq!(
        literal_after(r#"x == y, "Aan")"#, true).as_deref(),
        Some("Aan")
    );
    assert_eq!(literal_after("t(\"key\"))", false), None);
    let found = literals(
        "fn f() {\n    // \"not this\"\n    let s = format!(\"records changed from {} were not fetched\", x);\n    tracing::warn!(\"a log line with words\");\n    let c = '\"';\n}\n",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].line, found[0].call.as_str()), (3, "format!"));
    assert!(is_sentence(&found[0].text));
    assert_eq!(found[1].call, "tracing::warn!");
    assert!(allowed("src/x.rs", &found[1]) && !allowed("src/x.rs", &found[0]));
    assert!(!is_sentence("{}: {} {}\\n{}"));
    assert!(!is_sentence("browse.change_new"));
    let stripped = without_tests("a\n#[cfg(test)]\nmod tests {\n    \"x y z\"\n}\nb");
    assert_eq!(stripped.lines().count(), 6);
    assert!(!stripped.contains("x y z"));
    assert!(names_key("err.401", "err.401.title"));
    assert!(names_key("scenario.{}.label", "scenario.self.label"));
    assert!(!names_key("err.40", "err.401.title"));
    assert!(!names_key("scenario.{}.label", "scenario.self.explanation"));
    assert!(!names_key("{prefix}.{field}", "app.title"));
}
