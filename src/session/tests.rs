//! Unit tests of the session's folder and login: one path per file, the secret never shown.

use super::*;

#[test]
fn the_folder_is_the_connections_one_path_with_its_file_names() {
    let dirs = Dirs::under(Path::new("/home/x"));
    let folder = Folder::of(&dirs, "https://secure.coachview.net/", "abc");
    assert_eq!(
        folder.path(),
        dirs.connection("https://secure.coachview.net/", "abc")
    );
    assert_eq!(
        folder.path(),
        Path::new("/home/x/data/connections/secure.coachview.net_abc")
    );
    assert_eq!(folder.records_path(), folder.path().join("records.sqlite"));
    assert_eq!(folder.outbox_path(), folder.path().join("outbox.sqlite"));
    assert_eq!(
        config_path(&dirs),
        Path::new("/home/x/config/profiles.json")
    );
    // The demo keeps one folder whatever port its simulator gets.
    assert_eq!(Folder::demo(&dirs), Folder::of(&dirs, "demo", "demo"));
}

#[test]
fn a_login_never_shows_its_secret_and_bounds_what_it_is_given() {
    let login = Login::new("http://127.0.0.1:1", "demo", "s3cr3t-value".into())
        .scopes(Some("  "))
        .timeout_secs(0);
    assert!(!format!("{login:?}").contains("s3cr3t"));
    assert_eq!(login.scopes, None);
    assert_eq!(login.timeout, Duration::from_secs(1));
    let login = login
        .scopes(Some(" Aanvragen.Lezen "))
        .timeout_secs(u64::MAX);
    assert_eq!(login.scopes.as_deref(), Some("Aanvragen.Lezen"));
    assert_eq!(login.timeout, Duration::from_secs(3_600));
    let session = Session::open(&Dirs::under(Path::new("/h")), login).unwrap();
    assert_eq!(
        session.dir(),
        Dirs::under(Path::new("/h")).connection("http://127.0.0.1:1", "demo")
    );
    assert!(
        Session::open(
            &Dirs::under(Path::new("/h")),
            Login::new("ftp://x", "a", "b".into())
        )
        .is_err()
    );
}

#[test]
fn a_missing_store_is_not_created_by_asking_for_an_existing_one() {
    let root = std::env::temp_dir().join(format!("coachdesk-session-{}", uuid::Uuid::new_v4()));
    let folder = Folder::of(&Dirs::under(&root), "http://127.0.0.1:1", "demo");
    assert!(folder.open_existing_store().unwrap().is_none());
    assert!(!folder.records_path().exists());
    drop(folder.open_store().unwrap());
    assert!(folder.open_existing_store().unwrap().is_some());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(folder.path()), 0o700);
        assert_eq!(mode(&folder.records_path()), 0o600);
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn client_ids_that_differ_never_share_a_folder() {
    let dirs = Dirs::under(Path::new("/h"));
    let host = "https://secure.coachview.net";
    assert_ne!(
        Folder::of(&dirs, host, "team a"),
        Folder::of(&dirs, host, "team_a")
    );
    assert_ne!(
        Folder::of(&dirs, host, "team a").path(),
        Folder::of(&dirs, host, "team_a").path()
    );
}

#[test]
fn an_older_folder_of_this_connection_is_taken_over_once() {
    let root = std::env::temp_dir().join(format!("coachdesk-legacy-{}", uuid::Uuid::new_v4()));
    let dirs = Dirs::under(&root);
    let connections = root.join("data").join("connections");
    // The simulator's folder as older versions named it (the port made the key lossy).
    let old = connections.join("http-127.0.0.1_8787_demo");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("tenant.json"), "{}").unwrap();
    // A folder that an id with a space shared with `team_a` is not taken over by either.
    let shared = connections.join("secure.coachview.net_team_a");
    std::fs::create_dir_all(&shared).unwrap();
    let folder = Folder::of(&dirs, "http://127.0.0.1:8787", "demo");
    assert_ne!(folder.path(), old);
    drop(folder.open_outbox().unwrap());
    assert!(!old.exists());
    assert!(folder.path().join("tenant.json").exists());
    for id in ["team a", "team_a"] {
        let f = Folder::of(&dirs, "https://secure.coachview.net", id);
        assert!(f.open_existing_store().unwrap().is_none());
        assert!(shared.exists());
        assert_ne!(f.path(), shared);
    }
    let _ = std::fs::remove_dir_all(&root);
}
