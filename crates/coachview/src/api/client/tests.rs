use super::*;

#[test]
fn debug_redacts_the_secret_and_bad_urls_fail() {
    let cfg = ClientConfig::new("http://127.0.0.1:1/", "demo", "s3cr3t-value");
    assert!(!format!("{cfg:?}").contains("s3cr3t"));
    let c = Client::new(cfg).unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:1");
    assert!(!format!("{c:?}").contains("s3cr3t"));
    assert!(Client::new(ClientConfig::new("secure.coachview.net", "a", "b")).is_err());
    assert!(Client::new(ClientConfig::new("ftp://x", "a", "b")).is_err());
}

#[test]
fn list_url_carries_the_exact_query() {
    let c = Client::new(ClientConfig::new(
        "https://training.coachview.net",
        "a",
        "b",
    ))
    .unwrap();
    let q = Query::new().where_in("aanvraagid", &["x", "y"]);
    assert_eq!(
        c.list_url(Resource::Orderverkoopregels, &q),
        "https://training.coachview.net/api/v1/Orderverkoopregels?where=aanvraagid=x,y"
    );
}
