//! The credentials module against the real OS keyring (Secret Service on Linux). Under CI
//! (`CI` or `COACHDESK_REAL_KEYRING` set, as `bash .ci/test` does) it must run, never skip.

use coachdesk::credentials::{CredentialError, CredentialStore, OsKeyring};
use coachdesk::i18n::Lang;
use coachdesk::message::from_credential_error;

fn required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("COACHDESK_REAL_KEYRING").is_some()
}

#[test]
fn store_read_back_and_delete_a_secret_in_the_real_keyring() {
    let store = OsKeyring;
    let account = format!("coachdesk-test-{}", uuid::Uuid::new_v4());
    let secret = "Zeer-geheim: é ë 🔑 ;,\"'";
    match store.set(&account, secret) {
        Err(CredentialError::NoKeyring(reason)) if !required() => {
            eprintln!("skipped: no keyring here ({reason}); `bash .ci/test` starts one");
            return;
        }
        other => other.expect("the keyring stores the secret"),
    }
    assert_eq!(store.get(&account).unwrap().as_deref(), Some(secret));
    store.set(&account, "replaced").unwrap();
    assert_eq!(store.get(&account).unwrap().as_deref(), Some("replaced"));
    store.delete(&account).unwrap();
    assert_eq!(store.get(&account).unwrap(), None, "gone after delete");
    store
        .delete(&account)
        .expect("deleting a missing secret is fine");
}

#[test]
fn a_missing_keyring_is_explained_in_both_languages() {
    let e = CredentialError::NoKeyring("org.freedesktop.secrets was not provided".into());
    for (lang, words) in [
        (Lang::Nl, ["gnome-keyring", "NIET"]),
        (Lang::En, ["gnome-keyring", "NOT"]),
    ] {
        let m = from_credential_error(&e);
        let text = [m.title, m.what_happened, m.what_to_do]
            .map(|t| t.in_lang(lang))
            .join(" ");
        for w in words {
            assert!(text.contains(w), "{lang:?}: {text}");
        }
        assert!(text.contains("KWallet"));
        // The library's English goes under Details, never into the sentence.
        assert!(!text.contains("was not provided"), "{lang:?}: {text}");
        assert!(
            m.details
                .contains("org.freedesktop.secrets was not provided")
        );
    }
}

#[test]
fn the_cli_says_clearly_when_no_keyring_is_reachable() {
    // No session bus at all: the keyring lookup fails at once, with a message that says what to do.
    let home = std::env::temp_dir().join(format!("coachdesk-nokeyring-{}", uuid::Uuid::new_v4()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args([
            "sync",
            "--base-url",
            "http://127.0.0.1:9",
            "--client-id",
            "x",
            "--resource",
            "Aanvragen",
        ])
        .args(["--from", "2026-01-01", "--to", "2026-01-02"])
        .env("COACHDESK_HOME", &home)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("COACHDESK_CLIENT_SECRET")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("COACHDESK_CLIENT_SECRET") && stderr.contains("--secret-stdin"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(home);
}
