//! Strings of "one profile, one world" (issue 18 point 4): switching connections, the demo in
//! the profile lists, and a profile's secret following a corrected client id.

use super::Entry;

pub(super) static STRINGS: &[Entry] = &[
    ("world.use_demo", "Demo gebruiken", "Use the demo"),
    (
        "world.demo_where",
        "ingebouwde simulator",
        "built-in simulator",
    ),
    (
        "world.ids_cleared.title",
        "Concept-inschrijving aangepast aan dit profiel",
        "Draft enrolment adapted to this profile",
    ),
    (
        "world.ids_cleared",
        "Deze concept-inschrijving is begonnen in profiel '{name}'. De opleiding en de gekoppelde Coachview-personen van dat profiel zijn eruit gehaald; namen en e-mailadressen zijn bewaard.",
        "This draft enrolment was started in profile '{name}'. The course and the linked Coachview persons of that profile were taken out; names and e-mail addresses were kept.",
    ),
    (
        "world.ids_cleared.todo",
        "Kies de opleiding opnieuw in '{now}' en controleer de deelnemers voordat je verzendt.",
        "Choose the course again in '{now}' and check the participants before sending.",
    ),
    (
        "werr.other_connection.title",
        "Niet verzonden: ander profiel",
        "Not sent: another profile",
    ),
    (
        "werr.other_connection.what",
        "Deze inschrijving is gemaakt voor een ander profiel dan het profiel dat nu verbonden is. Ze is niet verzonden, zodat geen id's van de ene Coachview-omgeving naar de andere gaan.",
        "This enrolment was made for another profile than the one connected now. It was not sent, so no ids of one Coachview environment go to another.",
    ),
    (
        "werr.other_connection.todo",
        "Kies in de statusbalk het profiel waarvoor de inschrijving bedoeld is, of kies in de wizard de opleiding en personen opnieuw.",
        "Choose the profile the enrolment is meant for in the status bar, or choose the course and persons again in the wizard.",
    ),
    (
        "settings.secret_moved",
        "Het client secret van '{name}' is meegenomen naar client-id {client} in de sleutelbos.",
        "The client secret of '{name}' was moved to client id {client} in the keyring.",
    ),
    (
        "settings.secret_already_there",
        "Onder client-id {client} stond al een client secret in de sleutelbos; '{name}' gebruikt dat.",
        "The keyring already held a client secret for client id {client}; '{name}' uses it.",
    ),
    (
        "settings.secret_missing",
        "Er stond geen client secret onder de oude client-id. Vul het client secret voor '{name}' (client-id {client}) in en kies Opslaan.",
        "No client secret was stored under the old client id. Enter the client secret for '{name}' (client id {client}) and choose Save.",
    ),
];
