//! Every user-facing string goes through `crate::i18n`: no UI code passes a text literal straight
//! to a widget (the table itself is checked for completeness in its unit tests).

use std::path::Path;

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

/// Literals that are the same in every language.
const ALLOWED: &[&str] = &["coachdesk", "Nederlands", "English"];

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

fn scan(dir: &Path, problems: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, problems);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (n, line) in source.lines().enumerate() {
            for (call, second) in CALLS {
                let mut from = 0;
                while let Some(at) = line[from..].find(call) {
                    let start = from + at + call.len();
                    if let Some(text) = literal_after(&line[start..], *second)
                        && text.chars().any(char::is_alphabetic)
                        && !ALLOWED.contains(&text.as_str())
                    {
                        problems.push(format!("{}:{}: {text:?}", path.display(), n + 1));
                    }
                    from = start;
                }
            }
        }
    }
}

#[test]
fn ui_code_has_no_untranslated_literals() {
    let mut problems = Vec::new();
    scan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "literals that bypass i18n:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_catches_a_literal() {
    assert_eq!(
        literal_after(r#""Opslaan")"#, false).as_deref(),
        Some("Opslaan")
    );
    assert_eq!(
        literal_after(r#"x == y, "Aan")"#, true).as_deref(),
        Some("Aan")
    );
    assert_eq!(literal_after("t(\"key\"))", false), None);
}
