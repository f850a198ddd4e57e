use super::*;

#[test]
fn parse_switches_and_helpers() {
    let d = Dialect::parse("dates-only, page-cap=50,end-inclusive").unwrap();
    assert!(d.dates_only && d.end_inclusive && !d.count_empty_body);
    assert_eq!(d.page_cap, Some(50));
    assert!(Dialect::parse("page-cap=0").is_err());
    assert!(Dialect::parse("fast").is_err());
    assert_eq!(Dialect::parse("").unwrap(), Dialect::default());
    let all = Dialect::all();
    assert!(all.dates_only && all.retry_after_only && all.example_data_without_scope);
    assert!(has_datetime_value(
        "audittrail.gewijzigddatumtijd>=2026-10-31T22:43:34.045"
    ));
    assert!(!has_datetime_value(
        "audittrail.gewijzigddatumtijd=09-06-2021,10-06-2021;inactief=false"
    ));
    assert_eq!(
        widen_ranges("a=1;audittrail.gewijzigddatumtijd=09-06-2021,10-06-2021"),
        "a=1;audittrail.gewijzigddatumtijd=09-06-2021,11-06-2021"
    );
    assert_eq!(widen_ranges("aanvraagid=x,y"), "aanvraagid=x,y");
    assert_eq!(without_list_clauses("email1=a,b;x=1", "email1"), "x=1");
    assert_eq!(
        without_list_clauses("email1=a;x=1", "email1"),
        "email1=a;x=1"
    );
    assert!(
        Dialect::parse("person-list-ignored")
            .unwrap()
            .person_list_ignored
    );
    assert!(filters_reference("referentieNrKlant=abc"));
    assert_eq!(without_reference("referentieNrKlant=abc;x=1"), "x=1");
    let ignored = Dialect::parse("reference-filter-ignored").unwrap();
    assert_eq!(
        ignored.adjust_filter(
            coachview::resource::Resource::Webaanvragen,
            "referentieNrKlant=a"
        ),
        Ok(String::new())
    );
    let r = Dialect::parse("relations-refused").unwrap();
    assert!(r.relations(true).is_err() && r.relations(false) == Ok(false));
    assert_eq!(
        Dialect::parse("relations-ignored").unwrap().relations(true),
        Ok(false)
    );
    assert_eq!(Dialect::default().relations(true), Ok(true));
}
