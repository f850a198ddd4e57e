use super::*;
use serde_json::json;

#[test]
fn names_come_from_the_embedded_object_or_the_lookup() {
    let mut r = json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
        "opleidingId": "o1", "bedrijf": {"id": "b1", "naam": "Bouwbedrijf De Vries BV"}});
    let unknown = annotate_names(&mut r, &|res, id| match (res, id) {
        (Resource::Personen, "p1") => Some(NameState::Found("Anna de Wit".into())),
        _ => None,
    });
    assert_eq!(unknown, [(Resource::Opleidingen, "o1".to_string())]);
    assert_eq!(
        display_cell(&r, "bedrijfId").display(false),
        "Bouwbedrijf De Vries BV"
    );
    assert_eq!(
        display_cell(&r, "contactpersoonId").display(false),
        "Anna de Wit"
    );
    assert_eq!(display_cell(&r, "opleidingId"), Cell::Text("o1".into()));
    let exported = with_names_in(Lang::Nl, &r).unwrap();
    assert_eq!(exported["bedrijfId"], "Bouwbedrijf De Vries BV");
    assert_eq!(r["bedrijfId"], "b1", "the record keeps its id");
}

/// An Aanvraag's name is its bare number, worded in the language asked when shown.
#[test]
fn aanvraag_names_are_worded_when_shown() {
    let a = json!({"nummer": 4711});
    let name = name_of(Resource::Aanvragen, &a).unwrap();
    assert_eq!(name, "4711");
    let state = NameState::Found(name);
    let nl = state.shown_in(Lang::Nl, Resource::Aanvragen);
    let en = state.shown_in(Lang::En, Resource::Aanvragen);
    assert_eq!(nl, format(Lang::Nl, "names.aanvraag", &[("nummer", &4711)]));
    assert_eq!(en, format(Lang::En, "names.aanvraag", &[("nummer", &4711)]));
    assert_ne!(nl, en);
    let legacy = NameState::Found("Aanvraag 12".into());
    assert_eq!(
        legacy.shown_in(Lang::En, Resource::Aanvragen),
        "Aanvraag 12"
    );
    assert_eq!(
        NameState::Missing.shown_in(Lang::En, Resource::Personen),
        text(Lang::En, "names.missing")
    );
}

#[test]
fn embedded_objects_give_proven_names_and_leave_the_record_bare() {
    let mut r = json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
        "opleidingId": "o1", "startLocatieId": "l1", "opmerking": "x",
        "bedrijf": {"id": "b1", "naam": "Bouwbedrijf De Vries BV"},
        "contactpersoon": {"id": "someone-else", "voornaam": "Eva"},
        "startLocatie": {"id": "l1", "lokaal": "Zaal 1"}});
    assert_eq!(embedded_relations(std::slice::from_ref(&r)), Some(true));
    let names = take_embedded(&mut r);
    assert_eq!(
        names,
        [(
            Resource::Bedrijven,
            "b1".to_string(),
            NameState::Found("Bouwbedrijf De Vries BV".into())
        )],
        "a person object with another id gives no name"
    );
    assert_eq!(
        r,
        json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
            "opleidingId": "o1", "startLocatieId": "l1", "opmerking": "x"})
    );
    assert_eq!(embedded_relations(&[r]), Some(false));
    assert_eq!(embedded_relations(&[json!({"id": "x"})]), None);
    let wrong = json!({"id": "a", "bedrijfId": "b1", "bedrijf": {"id": "b2", "naam": "X"}});
    assert_eq!(embedded_relations(&[wrong]), Some(false));
}

#[test]
fn person_names_join_their_parts() {
    let p = json!({"voornaam": "Jan", "tussenvoegsels": "van der", "achternaam": "Berg"});
    assert_eq!(
        name_of(Resource::Personen, &p).as_deref(),
        Some("Jan van der Berg")
    );
    assert_eq!(
        name_of(Resource::Bedrijven, &json!({"code": "X"})).as_deref(),
        Some("X")
    );
}
