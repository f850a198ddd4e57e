//! Strings for hostile servers, damaged files, redirects, limits: (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "hard.damaged.profiles.title",
        "Verbindingen konden niet worden gelezen",
        "Connections could not be read",
    ),
    (
        "hard.damaged.profiles.what",
        "Het bestand met verbindingen was beschadigd. Het is bewaard als {path} en wordt niet overschreven.",
        "The connections file was damaged. It was kept as {path} and will not be overwritten.",
    ),
    (
        "hard.damaged.draft.title",
        "Concept-inschrijving kon niet worden gelezen",
        "Draft enrolment could not be read",
    ),
    (
        "hard.damaged.draft.what",
        "De bewaarde concept-inschrijving was beschadigd. Ze is bewaard als {path} en wordt niet overschreven.",
        "The saved draft enrolment was damaged. It was kept as {path} and will not be overwritten.",
    ),
    (
        "hard.damaged.todo",
        "Maak de verbinding of inschrijving opnieuw, of stuur het bestand {path} naar support.",
        "Create the connection or enrolment again, or send the file {path} to support.",
    ),
    (
        "hard.err.413.title",
        "Inschrijving te groot",
        "Enrolment too large",
    ),
    (
        "hard.err.413.what",
        "Coachview weigert de inschrijving omdat ze te groot is ({arg}).",
        "Coachview refuses the enrolment because it is too large ({arg}).",
    ),
    (
        "hard.err.413.todo",
        "Maak lange teksten (opmerking, vrije velden) korter en verstuur opnieuw.",
        "Shorten long texts (remark, free fields) and send again.",
    ),
    (
        "hard.err.redirect.title",
        "Coachview stuurde door",
        "Coachview redirected",
    ),
    (
        "hard.err.redirect.what",
        "De server antwoordde met een doorverwijzing ({arg}) in plaats van een bevestiging. coachdesk volgt die niet met uw gegevens of geheim.",
        "The server answered with a redirect ({arg}) instead of a confirmation. coachdesk does not follow it with your data or secret.",
    ),
    (
        "hard.err.redirect.todo",
        "Controleer het adres van de verbinding (https, juiste host). Een inschrijving wordt vastgehouden tot u in Coachview hebt gekeken.",
        "Check the connection's address (https, the right host). An enrolment is held until you have checked in Coachview.",
    ),
    (
        "hard.err.http.title",
        "Onbeveiligd adres",
        "Unencrypted address",
    ),
    (
        "hard.err.http.what",
        "Het adres begint met http://. Dan zouden het geheim en persoonsgegevens onversleuteld over het netwerk gaan.",
        "The address starts with http://. The secret and personal data would then travel unencrypted.",
    ),
    (
        "hard.err.http.todo",
        "Gebruik https:// (alleen de simulator op deze computer, 127.0.0.1 of localhost, mag http:// gebruiken).",
        "Use https:// (only the simulator on this computer, 127.0.0.1 or localhost, may use http://).",
    ),
    (
        "hard.err.url_credentials.title",
        "Wachtwoord in het adres",
        "Password in the address",
    ),
    (
        "hard.err.url_credentials.what",
        "Het adres bevat een gebruikersnaam of wachtwoord (zoals https://naam:wachtwoord@host). Dat wordt niet gebruikt: het zou in mapnamen en logbestanden terechtkomen.",
        "The address holds a user name or password (like https://name:password@host). That is not used: it would end up in folder names and log files.",
    ),
    (
        "hard.err.url_credentials.todo",
        "Laat naam en wachtwoord uit het adres weg (alleen https://host) en bewaar het clientgeheim in de sleutelbos (Instellingen of coachdesk secret set).",
        "Leave the name and password out of the address (just https://host) and keep the client secret in the keyring (Settings or coachdesk secret set).",
    ),
];
