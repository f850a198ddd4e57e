use super::*;

#[test]
fn origins() {
    let u = |s: &str| url::Url::parse(s).unwrap();
    assert!(same_origin(
        &u("https://a.nl/x"),
        &u("https://a.nl:443/y?z")
    ));
    assert!(!same_origin(&u("https://a.nl/x"), &u("http://a.nl/x")));
    assert!(!same_origin(
        &u("http://127.0.0.1:1/x"),
        &u("http://127.0.0.1:2/x")
    ));
    assert!(!same_origin(&u("https://a.nl/x"), &u("https://b.a.nl/x")));
}

#[test]
fn backoff_grows_with_jitter() {
    for a in 1..3 {
        let d = backoff(a).as_millis() as u64;
        let base = 250u64 << a;
        assert!((base..2 * base).contains(&d));
    }
}
