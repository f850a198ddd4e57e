//! Tests of `coachdesk secret set|forget` against an in-memory keyring.

use super::*;
use crate::cli::connection::ConnectionArgs;
use crate::config::{Environment, Profile};
use crate::credentials::MemoryStore;

fn target(base_url: &str, client_id: &str) -> SecretTarget {
    SecretTarget {
        base_url: base_url.into(),
        client_id: client_id.into(),
        lang: "en".into(),
    }
}

#[test]
fn set_stores_under_the_apps_key_and_sync_finds_it() {
    let store = MemoryStore::default();
    let message = set(
        &target("https://secure.coachview.net/", "planner"),
        &mut "s3cret-value\r\n".as_bytes(),
        &store,
    )
    .expect("stored");
    assert!(
        !message.contains("s3cret"),
        "never echoes the secret: {message}"
    );
    let profile = Profile {
        name: "Live".into(),
        environment: Environment::Live,
        client_id: "planner".into(),
        scopes: String::new(),
        demo: false,
    };
    assert_eq!(
        store.get(&profile.key()).unwrap().as_deref(),
        Some("s3cret-value"),
        "the app's profile sees the same entry"
    );
    let cli = ConnectionArgs {
        base_url: "https://secure.coachview.net".into(),
        client_id: "planner".into(),
        scope: None,
        secret_stdin: false,
        no_probe: true,
    };
    if std::env::var_os(crate::cli::connection::SECRET_ENV).is_none() {
        assert_eq!(
            cli.secret_from(&mut "".as_bytes(), &store).ok().as_deref(),
            Some("s3cret-value")
        );
    }
}

#[test]
fn a_secret_under_the_older_key_is_found_and_moved_to_the_new_one() {
    if std::env::var_os(crate::cli::connection::SECRET_ENV).is_some() {
        return;
    }
    let store = MemoryStore::default();
    store.set("http-127.0.0.1_8787_demo", "old-secret").unwrap();
    // An id that shared its older key with others never takes that key's secret.
    store
        .set("secure.coachview.net_team_a", "someone-elses")
        .unwrap();
    let cli = |base: &str, id: &str| ConnectionArgs {
        base_url: base.into(),
        client_id: id.into(),
        scope: None,
        secret_stdin: false,
        no_probe: true,
    };
    let sim = cli("http://127.0.0.1:8787", "demo");
    assert_eq!(
        sim.secret_from(&mut "".as_bytes(), &store).ok().as_deref(),
        Some("old-secret")
    );
    assert_eq!(
        store
            .get(&crate::paths::connection_key(&sim.base_url, &sim.client_id))
            .unwrap()
            .as_deref(),
        Some("old-secret")
    );
    assert_eq!(
        store.get("http-127.0.0.1_8787_demo").unwrap(),
        None,
        "moved"
    );
    for id in ["team a", "team_a"] {
        let c = cli("https://secure.coachview.net", id);
        assert!(matches!(
            c.secret_from(&mut "".as_bytes(), &store),
            Err(crate::error::WorkerError::NoSecret)
        ));
    }
}

#[test]
fn forget_removes_it_and_says_when_there_was_none() {
    let store = MemoryStore::default();
    let t = target("http://127.0.0.1:8787", "demo");
    set(&t, &mut "x\n".as_bytes(), &store).unwrap();
    let key = crate::paths::connection_key("http://127.0.0.1:8787", "demo");
    assert!(store.get(&key).unwrap().is_some());
    let first = forget(&t, &store).unwrap();
    assert_eq!(store.get(&key).unwrap(), None);
    let second = forget(&t, &store).unwrap();
    assert_ne!(first, second, "the second forget says nothing was stored");
    assert!(second.contains("no secret"), "{second}");
}

#[test]
fn empty_input_and_bad_urls_are_refused_with_exit_2_and_store_nothing() {
    let store = MemoryStore::default();
    for input in ["", "\n", "   \r\n"] {
        let err = set(
            &target(crate::config::LIVE_URL, "c"),
            &mut input.as_bytes(),
            &store,
        )
        .expect_err("empty");
        assert_eq!(err.code, 2);
        assert!(err.message.contains("standard input"), "{}", err.message);
    }
    for url in [
        "secure.coachview.net",
        "ftp://x",
        "",
        "https://planner:hunter2@secure.coachview.net",
    ] {
        let err = set(&target(url, "c"), &mut "s\n".as_bytes(), &store).expect_err(url);
        assert_eq!(err.code, 2, "{url}");
    }
    let err = set(
        &target(crate::config::LIVE_URL, " "),
        &mut "s\n".as_bytes(),
        &store,
    )
    .expect_err("no client id");
    assert_eq!(err.code, 2);
    assert_eq!(
        store
            .get(&crate::paths::connection_key(crate::config::LIVE_URL, "c"))
            .unwrap(),
        None
    );
}

#[test]
fn a_keyring_failure_is_exit_1_without_the_secret() {
    struct Broken;
    impl CredentialStore for Broken {
        fn set(&self, _: &str, _: &str) -> Result<(), crate::credentials::CredentialError> {
            Err(crate::credentials::CredentialError::NoKeyring(
                "no service".into(),
            ))
        }
        fn get(&self, _: &str) -> Result<Option<String>, crate::credentials::CredentialError> {
            Err(crate::credentials::CredentialError::Locked("locked".into()))
        }
        fn delete(&self, _: &str) -> Result<(), crate::credentials::CredentialError> {
            Ok(())
        }
    }
    let t = target(crate::config::TRAINING_URL, "c");
    let err = set(&t, &mut "topsecret\n".as_bytes(), &Broken).expect_err("broken");
    assert_eq!(err.code, 1);
    assert!(!err.message.contains("topsecret"));
    assert!(err.message.contains("no service"), "{}", err.message);
    assert_eq!(forget(&t, &Broken).expect_err("broken").code, 1);
}

#[test]
fn messages_exist_in_dutch_too() {
    let store = MemoryStore::default();
    let mut t = target(crate::config::LIVE_URL, "c");
    t.lang = "nl".into();
    let nl = set(&t, &mut "s\n".as_bytes(), &store).unwrap();
    t.lang = "en".into();
    let en = forget(&t, &store).unwrap();
    assert_ne!(nl, en);
    assert!(nl.contains("opgeslagen"), "{nl}");
}
