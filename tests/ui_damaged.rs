//! The app with the planner's own files damaged: a corrupt profiles file and draft are kept aside,
//! the planner is told once (a dialog naming where each file went), and nothing overwrites them.

mod common;

use coachdesk::i18n::{Lang, format};
use common::*;

#[test]
fn damaged_profiles_and_draft_are_kept_and_told_once() {
    for lang in [Lang::Nl, Lang::En] {
        let home = TempHome::new();
        let config = home.0.join("config");
        let data = home.0.join("data");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(config.join("profiles.json"), "{\"profiles\": [ oops").unwrap();
        std::fs::write(
            data.join(coachdesk::worker::DRAFT_FILE),
            "\u{0}\u{1}garbage",
        )
        .unwrap();
        let mut h = app(&home, small_sim(), &[], lang);
        h.run_ok();
        let kept = |dir: &std::path::Path, name: &str| -> Vec<std::path::PathBuf> {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(&format!("{name}.damaged-"))
                })
                .collect()
        };
        let profiles = kept(&config, "profiles.json");
        let draft = kept(&data, coachdesk::worker::DRAFT_FILE);
        assert_eq!((profiles.len(), draft.len()), (1, 1));
        assert_eq!(
            std::fs::read_to_string(&profiles[0]).unwrap(),
            "{\"profiles\": [ oops"
        );
        let state = h.state();
        let shown: Vec<String> = state
            .notices
            .iter()
            .map(|m| m.what_happened.to_string())
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        let args: [(&str, &dyn std::fmt::Display); 1] =
            [("path", &profiles[0].display().to_string())];
        // In the language the app starts in (the saved one; Dutch on a first start).
        assert!(
            [Lang::Nl, Lang::En]
                .iter()
                .any(|l| shown[0] == format(*l, "damaged.profiles.what", &args)),
            "{shown:?}"
        );
        assert!(state.dialog.is_some(), "the planner is told");
        // A second start finds nothing damaged: told once.
        drop(h);
        let h = app(&home, small_sim(), &[], lang);
        assert!(h.state().notices.is_empty());
        assert_eq!(kept(&config, "profiles.json").len(), 1);
    }
}
