//! Worker-level tests of the routing: the job registry empties as jobs end, Cancel is served
//! while a slow keyring save is in flight, and a job without a connection gets fitting advice.

use super::registry::Registry;
use super::request_id::nth_request;
use super::{Command, Event, EventSender, RequestId, SaveDialog, WorkerEnv};
use crate::credentials::{CredentialError, CredentialStore, MemoryStore};
use crate::error::WorkerError;
use crate::i18n::{Lang, text};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// A keyring (or dialog) that blocks until the test opens its gate, like an unlock prompt.
#[derive(Default)]
struct Gate {
    open: Mutex<Option<Receiver<()>>>,
}

impl Gate {
    fn closed() -> (Arc<Gate>, Sender<()>) {
        let (tx, rx) = channel();
        let gate = Gate {
            open: Mutex::new(Some(rx)),
        };
        (Arc::new(gate), tx)
    }

    fn wait(&self) {
        let rx = self.open.lock().ok().and_then(|mut rx| rx.take());
        if let Some(rx) = rx {
            let _ = rx.recv_timeout(Duration::from_secs(20));
        }
    }
}

/// A keyring whose first `set` waits at the gate.
struct SlowKeyring {
    gate: Arc<Gate>,
    inner: MemoryStore,
}

impl CredentialStore for SlowKeyring {
    fn set(&self, account: &str, secret: &str) -> Result<(), CredentialError> {
        self.gate.wait();
        self.inner.set(account, secret)
    }
    fn get(&self, account: &str) -> Result<Option<String>, CredentialError> {
        self.inner.get(account)
    }
    fn delete(&self, account: &str) -> Result<(), CredentialError> {
        self.inner.delete(account)
    }
}

/// A save dialog that answers `path`, after its gate opens.
struct GatedDialog {
    gate: Arc<Gate>,
    path: PathBuf,
}

impl SaveDialog for GatedDialog {
    fn save_path(&self, _suggested_name: &str) -> super::DialogAnswer {
        self.gate.wait();
        super::DialogAnswer::Chosen(self.path.clone())
    }
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("coachdesk-worker-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

struct Running {
    tx: mpsc::UnboundedSender<Command>,
    events: Receiver<Event>,
    registry: Registry,
    _runtime: tokio::runtime::Runtime,
}

impl Running {
    fn start(
        root: &std::path::Path,
        credentials: Arc<dyn CredentialStore>,
        dialog: Arc<dyn SaveDialog>,
    ) -> Running {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let env = WorkerEnv {
            dirs: crate::paths::Dirs::under(root),
            credentials,
            demo: crate::simulator::SimConfig::default(),
            save_dialog: dialog,
            clock: crate::clock::Clock::system(),
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let (etx, events) = channel();
        let registry = Registry::default();
        runtime.spawn(super::dispatch::run(
            env,
            rx,
            EventSender::new(etx, None),
            registry.clone(),
        ));
        Running {
            tx,
            events,
            registry,
            _runtime: runtime,
        }
    }

    fn send(&self, command: Command) {
        self.tx.send(command).expect("worker running");
    }

    /// The next event that is not a rate-limit or progress update.
    fn next(&self) -> Event {
        loop {
            match self.events.recv_timeout(Duration::from_secs(20)) {
                Ok(Event::RateLimit { .. } | Event::Progress { .. }) => continue,
                Ok(event) => return event,
                Err(e) => panic!("no event from the worker: {e}"),
            }
        }
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Registry) -> bool) {
        let until = crate::clock::Clock::system().instant() + Duration::from_secs(20);
        while !done(&self.registry) {
            assert!(
                crate::clock::Clock::system().instant() < until,
                "timed out waiting until {what}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.tx.send(Command::Shutdown);
    }
}

fn export(req: RequestId) -> Command {
    Command::ChooseAndExport {
        req,
        suggested_name: "x.json".into(),
        format: crate::export::ExportFormat::Json,
        texts: crate::record::RowTexts::new(vec![Arc::from(r#"{"id":"1"}"#)], Arc::default()),
        options: crate::export::ExportOptions::default(),
        path: None,
    }
}

#[test]
fn cancel_is_served_while_a_slow_keyring_save_is_in_flight() {
    let root = folder("cancel");
    let (keyring_gate, open_keyring) = Gate::closed();
    let (dialog_gate, open_dialog) = Gate::closed();
    let keyring = SlowKeyring {
        gate: keyring_gate,
        inner: MemoryStore::default(),
    };
    let dialog = GatedDialog {
        gate: dialog_gate,
        path: root.join("export.json"),
    };
    let w = Running::start(&root, Arc::new(keyring), Arc::new(dialog));
    w.send(Command::SaveSecret {
        req: nth_request(1),
        account: "acct".into(),
        secret: "s3cret".into(),
    });
    w.send(export(nth_request(2)));
    w.wait_until("both jobs run", |r| r.len() == 2);
    let export_cancel = w
        .registry
        .get(nth_request(2))
        .expect("the export is registered");
    w.send(Command::Cancel {
        req: nth_request(2),
    });
    // Served while the keyring still holds its save: the loop never waits for it.
    w.wait_until("the export is cancelled", |_| export_cancel.is_cancelled());
    assert!(
        w.registry.get(nth_request(1)).is_some(),
        "the keyring save is still in flight"
    );
    assert!(w.events.try_recv().is_err(), "nothing has finished yet");
    open_dialog.send(()).ok();
    match w.next() {
        Event::Failed { req, error } if req == nth_request(2) => {
            assert!(matches!(*error, WorkerError::Cancelled))
        }
        other => panic!("expected the cancelled export, got {other:?}"),
    }
    assert!(
        !root.join("export.json").exists(),
        "a cancelled export writes nothing"
    );
    open_keyring.send(()).ok();
    assert!(matches!(w.next(), Event::SecretSaved { req } if req == nth_request(1)));
    w.wait_until("every job has left the registry", Registry::is_empty);
}

#[test]
fn the_registry_is_empty_once_every_job_has_ended() {
    let root = folder("registry");
    let (gate, open) = Gate::closed();
    open.send(()).ok();
    let dialog = GatedDialog {
        gate,
        path: root.join("out.json"),
    };
    let w = Running::start(&root, Arc::new(MemoryStore::default()), Arc::new(dialog));
    w.send(Command::ShowConnection { profile: None });
    w.send(Command::LoadStored {
        req: nth_request(1),
        resource: crate::resource::Resource::Aanvragen,
        days: None,
    });
    w.send(Command::Versions {
        req: nth_request(2),
        resource: crate::resource::Resource::Aanvragen,
        id: "a".into(),
    });
    w.send(Command::LoadRecent {
        req: nth_request(3),
    });
    w.send(export(nth_request(4)));
    w.send(Command::SaveSecret {
        req: nth_request(5),
        account: "acct".into(),
        secret: "s".into(),
    });
    w.send(Command::ForgetSecret {
        req: nth_request(6),
        account: "acct".into(),
    });
    w.send(Command::SaveConfig {
        req: nth_request(7),
        config: crate::config::Config::default(),
    });
    w.send(Command::Fetch {
        req: nth_request(8),
        resource: crate::resource::Resource::Aanvragen,
        range: super::FetchRange::SinceLastSync,
        parallel: 1,
    });
    let mut answered = Vec::new();
    // SaveConfig answers only on failure; the other seven answer once each.
    while answered.len() < 7 {
        let req = match w.next() {
            Event::StoredJson { req, .. }
            | Event::Versions { req, .. }
            | Event::Recent { req, .. }
            | Event::Exported { req, .. }
            | Event::SecretSaved { req }
            | Event::SecretForgotten { req } => req,
            Event::Failed { req, error } if req == nth_request(8) => {
                assert!(matches!(*error, WorkerError::NotConnected));
                nth_request(8)
            }
            other => panic!("unexpected {other:?}"),
        };
        answered.push(req);
    }
    answered.sort_unstable();
    assert_eq!(answered, [1, 2, 3, 4, 5, 6, 8].map(nth_request));
    w.wait_until("every job has left the registry", Registry::is_empty);
    assert!(root.join("out.json").exists(), "the export ran offline");
    assert!(
        crate::session::config_path(&crate::paths::Dirs::under(&root)).exists(),
        "the config was saved"
    );
}

#[test]
fn a_job_without_a_connection_advises_to_connect() {
    let root = folder("offline");
    let (gate, _open) = Gate::closed();
    let dialog = GatedDialog {
        gate,
        path: root.join("x"),
    };
    let w = Running::start(&root, Arc::new(MemoryStore::default()), Arc::new(dialog));
    w.send(Command::OutboxList {
        req: nth_request(3),
    });
    let Event::Failed { req, error } = w.next() else {
        panic!("expected a failure");
    };
    assert_eq!(req, nth_request(3));
    for (lang, word) in [(Lang::Nl, "Instellingen"), (Lang::En, "Settings")] {
        let todo = crate::message::from_worker_error(&error)
            .what_to_do
            .in_lang(lang);
        assert!(todo.contains(word), "{lang:?}: {todo}");
        assert_ne!(todo, text(lang, "werr.store.todo"), "no disk-space advice");
    }
}

#[test]
fn connecting_without_a_stored_secret_advises_to_enter_it() {
    let root = folder("nosecret");
    let (gate, _open) = Gate::closed();
    let dialog = GatedDialog {
        gate,
        path: root.join("x"),
    };
    let w = Running::start(&root, Arc::new(MemoryStore::default()), Arc::new(dialog));
    w.send(Command::Connect {
        req: nth_request(4),
        profile: crate::config::Profile {
            name: "Tenant".into(),
            environment: crate::config::Environment::Custom("http://127.0.0.1:9".into()),
            client_id: "client".into(),
            scopes: String::new(),
            demo: false,
        },
        session_secret: None,
    });
    let Event::Failed { req, error } = w.next() else {
        panic!("expected a failure");
    };
    assert_eq!(req, nth_request(4));
    assert!(matches!(*error, WorkerError::NoSecret), "{error:?}");
    let todo = crate::message::from_worker_error(&error)
        .what_to_do
        .in_lang(Lang::En);
    assert!(todo.contains("Enter the client secret"), "{todo}");
    w.wait_until("the attempt has left the registry", Registry::is_empty);
}

#[test]
fn a_secret_follows_its_profile_to_a_new_account_or_is_reported_missing() {
    use super::event::SecretMove;
    let root = folder("move");
    let (gate, _open) = Gate::closed();
    let dialog = GatedDialog {
        gate,
        path: root.join("x"),
    };
    let keyring = Arc::new(MemoryStore::default());
    keyring.set("old", "s").unwrap();
    keyring.set("shared", "t").unwrap();
    let w = Running::start(&root, keyring.clone(), Arc::new(dialog));
    let moved = |req: u64, from: &str, to: &str, forget_from: bool| {
        w.send(Command::MoveSecret {
            req: nth_request(req),
            from: from.into(),
            to: to.into(),
            forget_from,
        });
        match w.next() {
            Event::SecretMoved { req: r, outcome } if r == nth_request(req) => outcome,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(moved(1, "old", "new", true), SecretMove::Moved);
    assert_eq!(keyring.get("new").unwrap().as_deref(), Some("s"));
    assert_eq!(keyring.get("old").unwrap(), None, "forgotten");
    // Another profile still uses the old account: it stays.
    assert_eq!(moved(2, "shared", "new2", false), SecretMove::Moved);
    assert_eq!(keyring.get("shared").unwrap().as_deref(), Some("t"));
    assert_eq!(moved(3, "old", "new", true), SecretMove::AlreadyThere);
    assert_eq!(moved(4, "none", "nothing", true), SecretMove::Missing);
    assert_eq!(keyring.get("nothing").unwrap(), None);
}
