//! Tests of the renderer order, the fallback loop and the failure message.

use super::*;

#[test]
fn windows_tries_dx12_then_warp_then_vulkan_then_gl() {
    assert_eq!(
        order_for("windows"),
        vec![Choice::Dx12, Choice::Dx12Warp, Choice::Vulkan, Choice::Gl]
    );
    assert_eq!(order_for("linux"), vec![Choice::Vulkan, Choice::Gl]);
    assert_eq!(order_for("macos"), vec![Choice::Metal, Choice::Gl]);
    for os in ["windows", "linux", "macos", "freebsd"] {
        assert_eq!(
            order_for(os).last(),
            Some(&Choice::Gl),
            "GL is the last resort"
        );
    }
}

#[test]
fn skip_list_parses_ids_and_ignores_junk() {
    assert_eq!(
        skipped_from("DX12, warp;vulkan nonsense"),
        vec![Choice::Dx12, Choice::Dx12Warp, Choice::Vulkan]
    );
    assert!(skipped_from("").is_empty());
}

#[test]
fn a_failing_probe_and_a_failing_start_fall_through_to_the_next_choice() {
    let order = order_for("windows");
    let mut probed = Vec::new();
    let mut started = Vec::new();
    let result = first_working(
        &order,
        &[],
        |choice| {
            probed.push(choice);
            match choice {
                Choice::Dx12 => Err("FXC D3DCompile: Not implemented; device lost".into()),
                _ => Ok(None),
            }
        },
        |choice, _| {
            started.push(choice);
            match choice {
                Choice::Dx12Warp => Err(("no surface".into(), true)),
                _ => Ok(42),
            }
        },
    );
    let (choice, value) = result.expect("Vulkan works");
    assert_eq!((choice, value), (Choice::Vulkan, 42));
    assert_eq!(probed, vec![Choice::Dx12, Choice::Dx12Warp, Choice::Vulkan]);
    assert_eq!(
        started,
        vec![Choice::Dx12Warp, Choice::Vulkan],
        "DX12 never opened"
    );
}

#[test]
fn when_nothing_works_every_choice_is_named_with_its_reason() {
    let order = order_for("windows");
    let tried = first_working::<()>(
        &order,
        &[Choice::Dx12Warp],
        |choice| Err(format!("{} broken", choice.id())),
        |_, _| unreachable!("no probe succeeded"),
    )
    .expect_err("nothing works");
    assert_eq!(
        tried.iter().map(|a| a.choice).collect::<Vec<_>>(),
        order,
        "every choice was tried or skipped, in order"
    );
    assert!(tried[1].error.contains(SKIP_ENV));
    for lang in [crate::i18n::Lang::Nl, crate::i18n::Lang::En] {
        let text = failure_message_in(lang, &tried);
        for choice in &order {
            assert!(text.contains(choice.label()), "{text}");
        }
        assert!(
            text.contains("dx12 broken") && text.contains("gl broken"),
            "{text}"
        );
        assert!(text.contains("coachdesk --help"), "{text}");
    }
    assert!(failure_message_in(crate::i18n::Lang::Nl, &tried).contains("geprobeerd"));
}

#[test]
fn a_failure_after_the_window_ran_is_not_retried() {
    let mut starts = 0;
    let tried = first_working::<()>(
        &order_for("linux"),
        &[],
        |_| Ok(None),
        |_, _| {
            starts += 1;
            Err(("no DISPLAY".into(), false))
        },
    )
    .expect_err("fails");
    assert_eq!(starts, 1);
    assert_eq!(tried.len(), 1);
}

#[test]
fn long_driver_errors_are_cut_to_one_readable_line() {
    let tried = vec![Attempt {
        choice: Choice::Vulkan,
        error: format!("line one\nline two {}", "x".repeat(5_000)),
    }];
    let text = failure_message_in(crate::i18n::Lang::En, &tried);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("- Vulkan: line one line two"), "{last}");
    assert!(last.chars().count() < 400, "{}", last.chars().count());
}

#[test]
fn probing_a_backend_this_machine_lacks_is_an_error_not_a_crash() {
    // Metal exists only on Apple systems, DX12 only on Windows.
    let absent = if cfg!(target_os = "macos") {
        Choice::Dx12
    } else {
        Choice::Metal
    };
    assert!(probe(absent).is_err());
}

#[test]
fn running_is_recorded_for_diagnostics() {
    set_running(Choice::Gl, None);
    assert_eq!(running().as_deref(), Some("OpenGL"));
}
